package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tact-bot/tact/bot/slacktest"
)

// TestLedgerWalk is the walk in one go, through commands only: a
// manager sets up a client, revenue, rates and departments; people log
// hours in both languages and an incident; the card adds up; an undo takes
// the hours back off; members are refused manager commands.
func TestLedgerWalk(t *testing.T) {
	srv := newSlack(t)
	h := startBot(t, srv)

	h.expect(member, "/client", "add Acme Corp", "managers", "<@"+manager+">")
	h.expect(manager, "/client", "add Acme Corp", "Acme Corp")
	h.expect(manager, "/client", "revenue acme 12k/month", "$12,000")
	h.expect(manager, "/tact", "rate support 50/h", "support")
	h.expect(manager, "/tact", "rate dev 90", "dev")
	h.expect(member, "/tact", "dept me support", "support")
	h.expect(member, "/tact", "dept <@"+russian+"> dev", "managers")
	h.expect(manager, "/tact", "dept <@"+russian+"|olga> dev", "dev")

	// 1 h 30 min of support at $50 = $75; the member's week on Acme is that.
	supportReply := h.say(member, "/hours", "acme 90m calls about the invoice")
	for _, want := range []string{"1 h 30 min", "$75"} {
		if !strings.Contains(supportReply, want) {
			t.Errorf("/hours reply lacks %q:\n%s", want, supportReply)
		}
	}
	// 1 h 30 min of dev at $90 = $135, logged in Russian.
	devReply := h.say(russian, "/hours", "acme 1ч30м правки")
	for _, want := range []string{"1 ч 30 мин", "135"} {
		if !strings.Contains(devReply, want) {
			t.Errorf("/hours reply in Russian lacks %q:\n%s", want, devReply)
		}
	}
	h.expect(member, "/incident", "acme late high invoice 12 is 60 days overdue https://mail.example.com/12", "#")

	// This week: 3 h, $75 + $135 = $210.
	h.expect(member, "/client", "show acme", "3 h, $210", "*support*: this week 1 h 30 min ($75)",
		"*dev*: this week 1 h 30 min ($135)", "invoice 12 is 60 days overdue", "https://mail.example.com/12")

	// Undo the support hours with the reply's own button.
	undo := buttonValue(t, srv, "hours.undo", 0)
	env, err := srv.SendInteraction(map[string]any{
		"type": "block_actions", "team": map[string]any{"id": teamID},
		"user": map[string]any{"id": member}, "channel": map[string]any{"id": channel},
		"actions": []any{map[string]any{"type": "button", "action_id": "hours.undo", "block_id": "b", "value": undo, "action_ts": "1.2"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.WaitAck(env.ID, ackBudget); err != nil {
		t.Fatal(err)
	}
	h.waitFor("the undo to take effect", func() bool {
		return strings.Contains(h.say(member, "/client", "show acme"), "1 h 30 min, $135")
	})
}

// buttonValue finds the value of the n-th button with actionID among the
// replies posted to response_urls.
func buttonValue(t *testing.T, srv *slacktest.Server, actionID string, n int) string {
	t.Helper()
	var values []string
	for _, c := range srv.Calls("response_url") {
		var msg struct {
			Blocks []struct {
				Elements []struct {
					ActionID string `json:"action_id"`
					Value    string `json:"value"`
				} `json:"elements"`
			} `json:"blocks"`
		}
		if json.Unmarshal(c.Body, &msg) != nil {
			continue
		}
		for _, b := range msg.Blocks {
			for _, e := range b.Elements {
				if e.ActionID == actionID {
					values = append(values, e.Value)
				}
			}
		}
	}
	if len(values) <= n {
		t.Fatalf("no button %s #%d among the replies", actionID, n)
	}
	return values[n]
}
