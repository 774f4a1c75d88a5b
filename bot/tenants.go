package bot

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// Many workspaces: with "Add to Slack", every workspace has its own bot
// token, so every request and job talks to Slack with the client of the
// workspace it came from, and asks that workspace's directory who people
// are. A workspace's client and directory are built on first use and
// rebuilt when its token changes (a refresh, a reinstall).

// Tenant is one workspace as the bot serves it.
type Tenant struct {
	API       *Client
	People    *People
	Workspace Workspace
}

// Install is what the bot needs of a workspace's installation.
type Install struct {
	TeamID, EnterpriseID, BotToken string
}

// ErrNotInstalled is a workspace that has not installed the app (or has
// removed it).
var ErrNotInstalled = errors.New("the workspace has not installed the app")

// Tenants serves many workspaces: Lookup reads an installation (wrapping
// ErrNotInstalled when there is none), Roles reads a workspace's managers
// and language.
type Tenants struct {
	Base        *Client // the app's client: its transport, retries and API URL are shared
	Lookup      func(ctx context.Context, teamID string) (Install, error)
	Roles       func(teamID string) func(context.Context) Roles
	DefaultLang string

	mu     sync.Mutex
	byTeam map[string]tenantEntry
}

type tenantEntry struct {
	token  string
	tenant *Tenant
}

// TenantSource resolves the workspace a request or job is for.
type TenantSource interface {
	For(ctx context.Context, teamID string) (*Tenant, error)
}

// For is the workspace's tenant.
func (t *Tenants) For(ctx context.Context, teamID string) (*Tenant, error) {
	if teamID == "" {
		return nil, fmt.Errorf("no workspace named: %w", ErrNotInstalled)
	}
	in, err := t.Lookup(ctx, teamID)
	if err != nil {
		return nil, err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if e, ok := t.byTeam[teamID]; ok && e.token == in.BotToken {
		return e.tenant, nil
	}
	if t.byTeam == nil {
		t.byTeam = map[string]tenantEntry{}
	}
	api := t.Base.ForToken(in.BotToken)
	tenant := &Tenant{
		API:       api,
		People:    NewPeopleWith(api, t.DefaultLang, t.Roles(teamID)),
		Workspace: Workspace{TeamID: in.TeamID, EnterpriseID: in.EnterpriseID},
	}
	t.byTeam[teamID] = tenantEntry{token: in.BotToken, tenant: tenant}
	return tenant, nil
}

// fixedTenant is the one workspace of single-workspace mode.
type fixedTenant struct{ t *Tenant }

func (f fixedTenant) For(context.Context, string) (*Tenant, error) { return f.t, nil }
