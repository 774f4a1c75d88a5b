package main

import (
	"strings"
	"testing"
	"time"

	"github.com/tact-bot/tact/bot/slacktest"
	"github.com/tact-bot/tact/dialogs"
)

// People who are not staff, and a Slack Connect channel.
const (
	guest      = "U0GUEST"    // multi-channel guest, reads Russian
	singleChan = "U0SINGLE"   // single-channel guest
	outsider   = "U0OUTSIDER" // another organisation's member
	otherOrg   = "T0OTHER"
	sharedChan = "C0SHARED"
)

func newStaffSlack(t *testing.T) *slacktest.Server {
	t.Helper()
	return startSlack(t, slacktest.Options{
		AppToken: appToken, BotToken: botToken,
		Users: map[string]slacktest.User{
			manager:    {ID: manager, TeamID: teamID, Name: "maria", Locale: "en-US"},
			member:     {ID: member, TeamID: teamID, Name: "max", Locale: "en-GB"},
			guest:      {ID: guest, TeamID: teamID, Name: "gleb", Locale: "ru-RU", IsRestricted: true},
			singleChan: {ID: singleChan, TeamID: teamID, Name: "sam", Locale: "en-US", IsUltraRestricted: true},
			outsider:   {ID: outsider, TeamID: otherOrg, Name: "olivia", Locale: "en-US"},
		},
		Channels: map[string]slacktest.Channel{sharedChan: {Name: "acme-shared", IsExtShared: true}},
	})
}

// A guest's /client show and vote, a single-channel guest's /hours, an
// outsider's command, vote, modal and Home are all refused politely in the
// person's language, and nothing of theirs is counted; staff are unaffected.
func TestStaffOnlyGuestsAndOutsidersRefused(t *testing.T) {
	w := startStrainWorld(t, newStaffSlack(t))
	w.client("Acme")
	guestNo := w.cat.For("ru").T("staff.guest")
	guestNoEN := w.cat.For("en").T("staff.guest")
	outsiderNo := w.cat.For("en").T("staff.outsider")

	show := w.say(guest, "/client", "show Acme")
	if !strings.Contains(show, guestNo) || strings.Contains(show, "Acme") {
		t.Errorf("guest's /client show Acme answered:\n%s\nwant only the Russian refusal %q", show, guestNo)
	}
	if got := w.say(singleChan, "/hours", "2h Acme"); !strings.Contains(got, guestNoEN) {
		t.Errorf("single-channel guest's /hours answered:\n%s", got)
	}
	if got := w.say(outsider, "/client", "list"); !strings.Contains(got, outsiderNo) || strings.Contains(got, "Acme") {
		t.Errorf("outsider's /client list answered:\n%s", got)
	}
	if got := w.say(member, "/client", "show Acme"); strings.Contains(got, outsiderNo) || strings.Contains(got, guestNoEN) || !strings.Contains(got, "Acme") {
		t.Errorf("a member's /client show was refused:\n%s", got)
	}

	p := w.postPoll(manager, "Acme")
	if got := w.vote(guest, p, 5); got != guestNo {
		t.Errorf("guest's vote answered %q; want the refusal", got)
	}
	if got := w.vote(outsider, p, 1); got != outsiderNo {
		t.Errorf("outsider's vote answered %q; want the refusal", got)
	}
	if got := w.vote(member, p, 3); got == outsiderNo || got == guestNoEN || got == "" {
		t.Errorf("member's vote answered %q", got)
	}
	var votes int
	if err := w.db.X().Get(&votes, `SELECT count(*) FROM strain_votes`); err != nil || votes != 1 {
		t.Errorf("strain votes stored: %d, %v; want only the member's", votes, err)
	}

	ack := w.submit(outsider, openedView{callback: dialogs.CallbackHours}, "V0OUT", "h1", nil)
	if !strings.Contains(ack, `"response_action":"update"`) || !strings.Contains(ack, outsiderNo) {
		t.Errorf("outsider's modal submission acked %s; want the refusal in place of the modal", ack)
	}

	if _, err := w.slack.SendEvent(teamID, map[string]any{"type": "app_home_opened", "user": outsider, "tab": "home", "event_ts": "1700000000.000100"}); err != nil {
		t.Fatal(err)
	}
	home, err := w.slack.WaitCall("views.publish", func(c slacktest.Call) bool { return c.Error == "" && strings.Contains(string(c.Body), outsider) }, 10*time.Second)
	if err != nil || !strings.Contains(string(home.Body), "another organisation") {
		t.Errorf("outsider's Home: %v %s; want the refusal", err, home.Body)
	}
}

// A poll posted in a channel shared with another organisation is refused
// with the reason, and nothing is posted or stored.
func TestStaffOnlyNoPollInSharedChannel(t *testing.T) {
	w := startStrainWorld(t, newStaffSlack(t))
	w.client("Acme")
	posts := len(okCalls(w.slack, "chat.postMessage"))
	env, err := w.slack.SendSlashCommand(slacktest.SlashCommand{TeamID: teamID, UserID: manager, ChannelID: sharedChan, Command: "/strain", Text: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.slack.WaitAck(env.ID, ackBudget); err != nil {
		t.Fatal(err)
	}
	want := w.cat.For("en").T("staff.ext_shared_poll")
	if got := w.reply(env); !strings.Contains(got, "shared with another organisation") {
		t.Errorf("/strain in a shared channel answered %s; want %q", got, want)
	}
	var polls int
	if err := w.db.X().Get(&polls, `SELECT count(*) FROM strain_polls`); err != nil || polls != 0 {
		t.Errorf("polls stored: %d, %v", polls, err)
	}
	if n := len(okCalls(w.slack, "chat.postMessage")); n != posts {
		t.Errorf("%d messages posted", n-posts)
	}
}
