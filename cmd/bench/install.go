package main

import (
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"regexp"
	"strings"

	"github.com/tact-bot/tact/bot/slacktest"
)

// The app's OAuth credentials in the many-workspace scenario.
const (
	oauthClientID     = "1234.5678"
	oauthClientSecret = "bench-client-secret-0123456789"
)

var installLink = regexp.MustCompile(`href="([^"]*oauth/v2/authorize[^"]*)"`)

// installAll installs the app in each of the bench's workspaces (when
// there are several) the way a person does: the install page, Slack's
// consent, the redirect back.
func installAll(srv *slacktest.Server, addr string, teams int) error {
	if teams <= 1 {
		return nil
	}
	for i := range teams {
		if err := install(srv, addr, slacktest.Workspace{ID: benchTeam(i, teams), Name: fmt.Sprintf("Bench %d", i)}, benchUser(i)); err != nil {
			return err
		}
	}
	return nil
}

func install(srv *slacktest.Server, addr string, ws slacktest.Workspace, installer string) error {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return err
	}
	browser := &http.Client{Jar: jar}
	page, err := get(browser, "http://"+addr+"/slack/install")
	if err != nil {
		return err
	}
	m := installLink.FindStringSubmatch(page)
	if m == nil {
		return fmt.Errorf("the install page has no Add to Slack link")
	}
	back, err := srv.Approve(html.UnescapeString(m[1]), ws, installer)
	if err != nil {
		return err
	}
	page, err = get(browser, back)
	if err != nil {
		return err
	}
	if !strings.Contains(page, ws.Name) {
		return fmt.Errorf("installing %s: the redirect page does not say it is installed", ws.ID)
	}
	return nil
}

func get(c *http.Client, url string) (string, error) {
	resp, err := c.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("GET %s: %d", url, resp.StatusCode)
	}
	return string(b), err
}
