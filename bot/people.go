package bot

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/tact-bot/tact/locale"
)

// People answers who a user is to the bot: their language and whether they
// are staff (both from users.info, cached in memory only: looking someone up
// writes nothing to the database), and whether they are a manager (listed
// directly or through a user group, whose members are cached too).
type People struct {
	api         *Client
	defaultLang string // for answers that must not wait on the database
	roles       func(context.Context) Roles
	ttl         time.Duration

	mu      sync.Mutex
	persons map[string]cached[person]
	groups  map[string]cached[map[string]bool]
}

type cached[T any] struct {
	v     T
	until time.Time
}

// Roles is who the workspace's managers are and the language of whoever
// Slack tells none of; a workspace's settings may change them at any time.
type Roles struct {
	DefaultLang string
	Managers    []string // user ids (U…/W…) and user-group ids (S…)
}

// person is what users.info told about someone; known is false when the
// lookup failed and lang is "" (the default applies).
type person struct {
	lang                 string
	known, guest         bool
	teamID, enterpriseID string
}

// NewPeople builds the directory with fixed roles. managers holds user
// ids (U…/W…) and user-group ids (S…).
func NewPeople(api *Client, defaultLang string, managers []string) *People {
	fixed := Roles{DefaultLang: defaultLang, Managers: managers}
	return NewPeopleWith(api, defaultLang, func(context.Context) Roles { return fixed })
}

// NewPeopleWith builds the directory reading the roles from roles at each
// question, so a change of managers or language applies at once.
// defaultLang answers what must not wait on roles (the busy reply).
func NewPeopleWith(api *Client, defaultLang string, roles func(context.Context) Roles) *People {
	return &People{
		api: api, defaultLang: defaultLang, roles: roles, ttl: time.Hour,
		persons: map[string]cached[person]{}, groups: map[string]cached[map[string]bool]{},
	}
}

// Lang is the user's language, falling back to the workspace's when Slack
// can't tell (the lookup failing must never block a reply).
func (p *People) Lang(ctx context.Context, userID string) string {
	if userID != "" {
		if lang := p.lookup(ctx, userID).lang; lang != "" {
			return lang
		}
	}
	return p.WorkspaceLang(ctx)
}

// WorkspaceLang is the workspace's language as its settings say now.
func (p *People) WorkspaceLang(ctx context.Context) string {
	return locale.Match("", p.roles(ctx).DefaultLang)
}

func (p *People) lookup(ctx context.Context, userID string) person {
	now := time.Now()
	p.mu.Lock()
	c, ok := p.persons[userID]
	p.mu.Unlock()
	if ok && now.Before(c.until) {
		return c.v
	}
	who := person{}
	ttl := p.ttl
	if u, err := p.api.GetUserInfoContext(ctx, userID); err == nil {
		who = person{
			lang: locale.Of(u.Locale), known: true,
			guest:  u.IsRestricted || u.IsUltraRestricted,
			teamID: u.TeamID, enterpriseID: u.Enterprise.EnterpriseID,
		}
	} else {
		ttl = time.Minute // retry soon: the failure may be passing
	}
	p.mu.Lock()
	p.persons[userID] = cached[person]{who, now.Add(ttl)}
	p.mu.Unlock()
	return who
}

// DefaultLang is the language of answers that must not wait on the
// database (the environment's default).
func (p *People) DefaultLang() string { return p.defaultLang }

// IsManager reports whether userID may use manager features.
func (p *People) IsManager(ctx context.Context, userID string) (bool, error) {
	managers := p.roles(ctx).Managers
	for _, id := range managers {
		if id == userID {
			return true, nil
		}
	}
	for _, id := range managers {
		if !strings.HasPrefix(id, "S") {
			continue
		}
		members, err := p.groupMembers(ctx, id)
		if err != nil {
			return false, err
		}
		if members[userID] {
			return true, nil
		}
	}
	return false, nil
}

func (p *People) groupMembers(ctx context.Context, groupID string) (map[string]bool, error) {
	now := time.Now()
	p.mu.Lock()
	c, ok := p.groups[groupID]
	p.mu.Unlock()
	if ok && now.Before(c.until) {
		return c.v, nil
	}
	ids, err := p.api.GetUserGroupMembersContext(ctx, groupID)
	if err != nil {
		return nil, fmt.Errorf("usergroups.users.list %s: %w", groupID, err)
	}
	members := make(map[string]bool, len(ids))
	for _, id := range ids {
		members[id] = true
	}
	p.mu.Lock()
	p.groups[groupID] = cached[map[string]bool]{members, now.Add(5 * time.Minute)}
	p.mu.Unlock()
	return members, nil
}

// ManagerMentions lists the managers as Slack mentions, for refusals.
func (p *People) ManagerMentions(ctx context.Context) string {
	return strings.Join(Mentions(p.roles(ctx).Managers), ", ")
}

// Mentions writes user ids (U…/W…) and user-group ids (S…) as Slack
// mentions.
func Mentions(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = "<@" + id + ">"
		if strings.HasPrefix(id, "S") {
			out[i] = "<!subteam^" + id + ">"
		}
	}
	return out
}
