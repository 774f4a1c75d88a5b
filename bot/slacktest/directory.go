package slacktest

import (
	"time"
)

func (s *Server) usersInfo(req *apiReq) apiResp {
	id := req.params["user"]
	u, found := s.opts.Users[id]
	if id == "" || !found {
		return fail("user_not_found")
	}
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
		"real_name": u.Name,
		"deleted":   false,
		"tz":        tz,
		"tz_label":  label,
		"tz_offset": offset,
		"is_admin":  u.IsAdmin,
		"is_owner":  false,
		"is_bot":    false,
		"profile": map[string]any{
			"real_name":    u.Name,
			"display_name": u.Name,
			"team":         u.TeamID,
		},
	}
	// Slack adds locale only when asked; slack-go always asks.
	if req.params["include_locale"] == "true" {
		locale := u.Locale
		if locale == "" {
			locale = "en-US"
		}
		user["locale"] = locale
	}
	return ok(map[string]any{"user": user})
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
