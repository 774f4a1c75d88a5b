package slacktest

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

func (s *Server) usersInfo(req *apiReq) apiResp {
	id := req.params["user"]
	u, found := s.opts.Users[id]
	if id == "" || !found {
		return fail("user_not_found")
	}
	return ok(map[string]any{"user": s.userObject(id, u, req.params["include_locale"] == "true")})
}

// usersList pages through the members, ordered by id, as Slack does with
// limit and cursor (next_cursor is "" on the last page).
func (s *Server) usersList(req *apiReq) apiResp {
	ids := slices.Sorted(maps.Keys(s.opts.Users))
	start := 0
	if c := req.params["cursor"]; c != "" {
		i, err := strconv.Atoi(strings.TrimPrefix(c, "dXNlcjo"))
		if err != nil || i < 0 || i > len(ids) {
			return fail("invalid_cursor")
		}
		start = i
	}
	limit, _ := strconv.Atoi(req.params["limit"])
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	end := min(start+limit, len(ids))
	members := make([]any, 0, end-start)
	for _, id := range ids[start:end] {
		members = append(members, s.userObject(id, s.opts.Users[id], req.params["include_locale"] == "true"))
	}
	next := ""
	if end < len(ids) {
		next = "dXNlcjo" + strconv.Itoa(end)
	}
	return ok(map[string]any{"members": members, "response_metadata": map[string]any{"next_cursor": next}})
}

func (s *Server) userObject(id string, u User, withLocale bool) map[string]any {
	if u.ID == "" {
		u.ID = id
	}
	if u.TeamID == "" {
		u.TeamID = s.opts.TeamID
	}
	if u.Name == "" {
		u.Name = s.userName(id)
	}
	tz := u.TZ
	if tz == "" {
		tz = "UTC"
	}
	label, offset := "UTC", 0
	if loc, err := time.LoadLocation(tz); err == nil {
		label, offset = time.Now().In(loc).Zone()
	}
	user := map[string]any{
		"id":        u.ID,
		"team_id":   u.TeamID,
		"name":      u.Name,
		"real_name": cmp.Or(u.RealName, u.Name),
		"deleted":   false,
		"tz":        tz,
		"tz_label":  label,
		"tz_offset": offset,
		"is_admin":  u.IsAdmin,
		"is_owner":  false,
		"is_bot":    false,
		// Slack sets both for a single-channel guest, only is_restricted
		// for a multi-channel one.
		"is_restricted":       u.IsRestricted || u.IsUltraRestricted,
		"is_ultra_restricted": u.IsUltraRestricted,
		"profile": map[string]any{
			"real_name":    cmp.Or(u.RealName, u.Name),
			"display_name": u.Name,
			"email":        u.Email,
			"team":         u.TeamID,
		},
	}
	if u.EnterpriseID != "" {
		user["enterprise_user"] = map[string]any{"id": u.ID, "enterprise_id": u.EnterpriseID, "teams": []string{u.TeamID}}
	}
	// Slack adds locale only when asked; slack-go always asks.
	if withLocale {
		locale := u.Locale
		if locale == "" {
			locale = "en-US"
		}
		user["locale"] = locale
	}
	return user
}

func (s *Server) usergroupsUsersList(req *apiReq) apiResp {
	users, found := s.opts.UserGroups[req.params["usergroup"]]
	if !found {
		return fail("no_such_subteam")
	}
	if users == nil {
		users = []string{}
	}
	return ok(map[string]any{"users": users})
}

// usergroupsList answers like Slack: the workspace's user groups, by id,
// with their handle and name (users only with include_users).
func (s *Server) usergroupsList(req *apiReq) apiResp {
	ids := slices.Sorted(maps.Keys(s.opts.UserGroups))
	groups := make([]map[string]any, 0, len(ids))
	for _, id := range ids {
		handle := s.opts.GroupHandles[id]
		if handle == "" {
			handle = strings.ToLower(id)
		}
		g := map[string]any{"id": id, "team_id": s.opts.TeamID, "handle": handle, "name": handle, "is_usergroup": true,
			"user_count": len(s.opts.UserGroups[id])}
		if req.params["include_users"] == "true" {
			g["users"] = s.opts.UserGroups[id]
		}
		groups = append(groups, g)
	}
	return ok(map[string]any{"usergroups": groups})
}

// conversationsInfo answers like Slack for a channel (C…/G…) or a DM (D…):
// a channel not listed in Options.Channels is a plain public one, as every
// test channel was before channels could be described.
func (s *Server) conversationsInfo(req *apiReq) apiResp {
	id := req.params["channel"]
	if id == "" {
		return fail("channel_not_found")
	}
	if strings.HasPrefix(id, "D") {
		return ok(map[string]any{"channel": map[string]any{"id": id, "is_im": true, "is_ext_shared": false, "is_shared": false}})
	}
	c := s.opts.Channels[id]
	if c.Name == "" {
		c.Name = strings.ToLower(id)
	}
	return ok(map[string]any{"channel": map[string]any{
		"id": id, "name": c.Name, "is_channel": !c.IsPrivate, "is_group": false, "is_private": c.IsPrivate,
		"is_im": false, "is_mpim": false, "is_archived": false,
		"is_shared": c.IsExtShared, "is_ext_shared": c.IsExtShared, "is_org_shared": false,
		"context_team_id": s.opts.TeamID, "is_member": true,
	}})
}
