package bot

import (
	"context"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/tact-bot/tact/bot/slacktest"
)

// Who is staff: members of the workspace, and on Enterprise Grid members of
// its other workspaces; guests of either kind and other organisations' people
// are not. A person Slack cannot describe is let through (and asked about
// again a minute later), so a Slack hiccup never locks the team out.
func TestRefusalSaysWhoIsNotStaff(t *testing.T) {
	srv, err := slacktest.New(slacktest.Options{AppToken: "xapp-1", BotToken: "xoxb-1", TeamID: "T1",
		Users: map[string]slacktest.User{
			"U1": {TeamID: "T1"},
			"U2": {TeamID: "T1", IsRestricted: true},
			"U3": {TeamID: "T1", IsUltraRestricted: true},
			"U4": {TeamID: "T9"},
			"U5": {TeamID: "T2", EnterpriseID: "E1"},
			"U6": {TeamID: "T9", EnterpriseID: "E9"},
		}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	api := NewClient(ClientConfig{BotToken: "xoxb-1", APIURL: srv.APIURL(), Metrics: NewMetrics(prometheus.NewRegistry())})
	people := NewPeople(api, "en", nil)
	ws := Workspace{TeamID: "T1", EnterpriseID: "E1"}
	for user, want := range map[string]string{
		"U1": "", "U2": "staff.guest", "U3": "staff.guest", "U4": "staff.outsider",
		"U5": "", "U6": "staff.outsider", "U404": "",
	} {
		if got := people.refusal(context.Background(), user, ws); got != want {
			t.Errorf("%s: refusal %q; want %q", user, got, want)
		}
	}
	if got := people.refusal(context.Background(), "U4", Workspace{}); got != "" {
		t.Errorf("with the organisation unknown, only guests are refused; got %q", got)
	}
	calls := len(srv.Calls("users.info"))
	people.refusal(context.Background(), "U2", ws)
	if len(srv.Calls("users.info")) != calls {
		t.Error("a second look-up asked Slack again instead of the memory cache")
	}
}
