package slacktest

import (
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"regexp"
)

// InstallLink is the "Add to Slack" link on an app's install page.
var InstallLink = regexp.MustCompile(`href="([^"]*oauth/v2/authorize[^"]*)"`)

// InstallApp is userID of ws adding the app from its install page at
// pageURL, in a browser of their own that keeps cookies: the page, the
// consent on Slack (Approve), and the redirect back to the app. It
// returns the last page's status and body.
func (s *Server) InstallApp(pageURL string, ws Workspace, userID string) (int, string, error) {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return 0, "", err
	}
	browser := &http.Client{Jar: jar}
	status, page, err := get(browser, pageURL)
	if err != nil {
		return 0, "", err
	}
	m := InstallLink.FindStringSubmatch(page)
	if status != http.StatusOK || m == nil {
		return status, page, fmt.Errorf("slacktest: the install page (%d) has no Add to Slack link", status)
	}
	back, err := s.Approve(html.UnescapeString(m[1]), ws, userID)
	if err != nil {
		return 0, "", err
	}
	return get(browser, back)
}

func get(c *http.Client, url string) (int, string, error) {
	resp, err := c.Get(url)
	if err != nil {
		return 0, "", fmt.Errorf("slacktest: GET %s: %w", url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}
