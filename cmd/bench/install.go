package main

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/tact-bot/tact/bot/slacktest"
)

// The app's OAuth credentials in the many-workspace scenario.
const (
	oauthClientID     = "1234.5678"
	oauthClientSecret = "bench-client-secret-0123456789"
)

// installAll installs the app in each of the bench's workspaces (when
// there are several) the way a person does, through its install page.
func installAll(srv *slacktest.Server, addr string, teams int) error {
	if teams <= 1 {
		return nil
	}
	for i := range teams {
		ws := slacktest.Workspace{ID: benchTeam(i, teams), Name: fmt.Sprintf("Bench %d", i)}
		status, page, err := srv.InstallApp("http://"+addr+"/slack/install", ws, benchUser(i))
		if err != nil {
			return err
		}
		if status != http.StatusOK || !strings.Contains(page, ws.Name) {
			return fmt.Errorf("installing %s: %d %s", ws.ID, status, page)
		}
	}
	return nil
}
