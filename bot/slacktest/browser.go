package slacktest

import (
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"regexp"
)

// installLink is the "Add to Slack" link on an app's install page.
var installLink = regexp.MustCompile(`href="([^"]*oauth/v2/authorize[^"]*)"`)

// InstallLinkOf is the "Add to Slack" link of an install page, unescaped;
// "" when the page has none.
func InstallLinkOf(page string) string {
	m := installLink.FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// Browser is a person's browser: it keeps cookies, sends its language,
// and shows each answer as it came (it follows no redirect).
type Browser struct {
	client   *http.Client
	language string // Accept-Language; "" sends none
}

// NewBrowser is a fresh browser whose person reads language.
func NewBrowser(language string) (*Browser, error) {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return nil, err
	}
	return &Browser{language: language, client: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}, nil
}

// Get opens url and returns the answer's status and body.
func (b *Browser) Get(url string) (int, string, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return 0, "", fmt.Errorf("slacktest: GET %s: %w", url, err)
	}
	if b.language != "" {
		req.Header.Set("Accept-Language", b.language)
	}
	resp, err := b.client.Do(req)
	if err != nil {
		return 0, "", fmt.Errorf("slacktest: GET %s: %w", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), err
}

// InstallApp is userID of ws adding the app from its install page at
// pageURL, in a browser of their own: the page, the consent on Slack
// (Approve), and the redirect back to the app. It returns the last
// page's status and body.
func (s *Server) InstallApp(pageURL string, ws Workspace, userID string) (int, string, error) {
	browser, err := NewBrowser("")
	if err != nil {
		return 0, "", err
	}
	status, page, err := browser.Get(pageURL)
	if err != nil {
		return 0, "", err
	}
	link := InstallLinkOf(page)
	if status != http.StatusOK || link == "" {
		return status, page, fmt.Errorf("slacktest: the install page (%d) has no Add to Slack link", status)
	}
	back, err := s.Approve(link, ws, userID)
	if err != nil {
		return 0, "", err
	}
	return browser.Get(back)
}
