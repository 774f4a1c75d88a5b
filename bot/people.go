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
	defaultLang string
	managers    []string
	ttl         time.Duration

	mu      sync.Mutex
	persons map[string]cached[person]
	groups  map[string]cached[map[string]bool]
}

type cached[T any] struct {
	v     T
	until time.Time
}

// person is what users.info told about someone; known is false when the
// lookup failed and lang is the default.
type person struct {
	lang                 string
	known, guest         bool
	teamID, enterpriseID string
}

// NewPeople builds the directory. managers holds user ids (U…/W…) and
// user-group ids (S…).
func NewPeople(api *Client, defaultLang string, managers []string) *People {
	return &People{
		api: api, defaultLang: defaultLang, managers: managers, ttl: time.Hour,
		persons: map[string]cached[person]{}, groups: map[string]cached[map[string]bool]{},
	}
}

// Lang is the user's language, falling back to the default when Slack can't
// tell (the lookup failing must never block a reply).
func (p *People) Lang(ctx context.Context, userID string) string {
	if userID == "" {
		return p.defaultLang
	}
	return p.lookup(ctx, userID).lang
}

func (p *People) lookup(ctx context.Context, userID string) person {
	now := time.Now()
	p.mu.Lock()
	c, ok := p.persons[userID]
	p.mu.Unlock()
	if ok && now.Before(c.until) {
		return c.v
	}
	who := person{lang: p.defaultLang}
	ttl := p.ttl
	if u, err := p.api.GetUserInfoContext(ctx, userID); err == nil {
		who = person{
			lang: locale.Match(u.Locale, p.defaultLang), known: true,
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

// DefaultLang is the workspace's default language.
func (p *People) DefaultLang() string { return p.defaultLang }

// IsManager reports whether userID may use manager features.
func (p *People) IsManager(ctx context.Context, userID string) (bool, error) {
	for _, id := range p.managers {
		if id == userID {
			return true, nil
		}
	}
	for _, id := range p.managers {
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
func (p *People) ManagerMentions() string {
	parts := make([]string, 0, len(p.managers))
	for _, id := range p.managers {
		if strings.HasPrefix(id, "S") {
			parts = append(parts, "<!subteam^"+id+">")
		} else {
			parts = append(parts, "<@"+id+">")
		}
	}
	return strings.Join(parts, ", ")
}
