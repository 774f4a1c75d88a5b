package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/bot/slacktest"
	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/farewell"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage/storagetest"
)

// The farewell wizard end to end: the real bot driven through its modal by
// view_submission and block_actions payloads, as Slack would send them. The
// English-speaking manager and the Russian-speaking one are both managers
// here; the member is not.

// startFarewellWorld starts the bot with both managers and seeds clients
// with evidence: Acme (difficult: disrespect, late payment, falling
// revenue, hours), and calmer clients to compare with.
func startFarewellWorld(t *testing.T) *logWorld {
	t.Helper()
	w := startLogWorld(t, withEnv("MANAGERS", manager+","+russian))
	w.addRate("support", 5000, w.today().AddDate(0, 0, -300))
	return w
}

func fwZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// seedDifficult adds a client with the facts the wizard reads: two insults
// and a late payment in the last weeks, revenue cut 30 days ago, hours.
func (w *logWorld) fwSeedDifficult(name string) int64 {
	w.t.Helper()
	id := w.addClient(name)
	today := w.today()
	w.exec(`INSERT INTO client_revenue (team_id, client_id, amount_minor, period, effective_from, set_by) VALUES
		($1, $2, 1200000, 'month', $3::date, $4), ($1, $2, 800000, 'month', $5::date, $4)`,
		teamID, id, today.AddDate(0, 0, -200).Format(time.DateOnly), manager, today.AddDate(0, 0, -30).Format(time.DateOnly))
	w.exec(`UPDATE clients SET cac_minor = 500000 WHERE id = $1`, id)
	for i, c := range []string{"disrespect", "disrespect", "late-payment"} {
		w.exec(`INSERT INTO incidents (team_id, client_id, category, severity, description, evidence, occurred_on, reported_by, source)
			VALUES ($1, $2, $3, 'high', $4, $5, $6::date, $7, 'modal')`,
			teamID, id, c, fmt.Sprintf("Incident %d of %s", i+1, name), "{https://mail.example.com/"+strconv.Itoa(i)+"}",
			today.AddDate(0, 0, -3-7*i).Format(time.DateOnly), member)
	}
	for d := 1; d <= 40; d += 3 {
		w.exec(`INSERT INTO time_entries (team_id, client_id, user_id, department_id, minutes, worked_on)
			SELECT $1, $2, $3, id, 90, $4::date FROM departments WHERE team_id = $1 AND name = 'support'`,
			teamID, id, member, today.AddDate(0, 0, -d).Format(time.DateOnly))
	}
	return id
}

// fwView is the wizard's modal as the bot last showed it.
type fwView struct {
	id   string
	n    int // submissions so far, for a fresh hash each time
	raw  json.RawMessage
	body struct {
		Title           struct{ Text string } `json:"title"`
		CallbackID      string                `json:"callback_id"`
		PrivateMetadata string                `json:"private_metadata"`
		Blocks          []fwBlock             `json:"blocks"`
	}
}

type fwBlock struct {
	Type    string `json:"type"`
	BlockID string `json:"block_id"`
	Text    *struct {
		Text string `json:"text"`
	} `json:"text"`
	Label *struct {
		Text string `json:"text"`
	} `json:"label"`
	Hint *struct {
		Text string `json:"text"`
	} `json:"hint"`
	Element *struct {
		Type          string `json:"type"`
		ActionID      string `json:"action_id"`
		InitialValue  string `json:"initial_value"`
		InitialDate   string `json:"initial_date"`
		InitialUser   string `json:"initial_user"`
		InitialOption *struct {
			Value string `json:"value"`
		} `json:"initial_option"`
		InitialOptions []struct {
			Value string `json:"value"`
		} `json:"initial_options"`
	} `json:"element"`
}

// step is the wizard step the view shows (0 for a notice).
func (v *fwView) step(t *testing.T) int {
	t.Helper()
	var m struct {
		S int `json:"s"`
	}
	if err := json.Unmarshal([]byte(v.body.PrivateMetadata), &m); err != nil {
		t.Fatalf("private_metadata %q: %v", v.body.PrivateMetadata, err)
	}
	return m.S
}

func (v *fwView) block(id string) *fwBlock {
	for i := range v.body.Blocks {
		if v.body.Blocks[i].BlockID == id {
			return &v.body.Blocks[i]
		}
	}
	return nil
}

// text is every text of the view, one a line.
func (v *fwView) text() string {
	var b strings.Builder
	for _, bl := range v.body.Blocks {
		for _, s := range []*struct {
			Text string `json:"text"`
		}{bl.Text, bl.Label, bl.Hint} {
			if s != nil {
				b.WriteString(s.Text + "\n")
			}
		}
	}
	return b.String()
}

// setView reads a view and checks it against Slack's limits (views the
// bot sends by API are checked by the test server; acks are checked here).
func (w *logWorld) fwSetView(v *fwView, raw json.RawMessage) {
	w.t.Helper()
	for _, e := range slacktest.CheckView(raw) {
		w.t.Errorf("view breaks Slack's limits: %v", e)
	}
	v.raw = raw
	if err := json.Unmarshal(raw, &v.body); err != nil {
		w.t.Fatalf("view is not JSON: %v\n%s", err, raw)
	}
	if n := len(v.body.PrivateMetadata); n > slacktest.MaxPrivateMetadata {
		w.t.Errorf("private_metadata is %d characters", n)
	}
}

// updateAfter waits for the views.update of view id made after since.
func (w *logWorld) fwUpdateAfter(id string, since time.Time) slacktest.Call {
	w.t.Helper()
	var found slacktest.Call
	w.waitFor("views.update of "+id, func() bool {
		for _, c := range okCalls(w.slack, "views.update") {
			if c.Params["view_id"] == id && c.At.After(since) {
				found = c
				return true
			}
		}
		return false
	})
	return found
}

// settle follows a notice (loading, preparing) to the step that replaces it.
func (w *logWorld) fwSettle(v *fwView, since time.Time) {
	w.t.Helper()
	for v.step(w.t) == 0 && w.fwIsTransient(v) {
		c := w.fwUpdateAfter(v.id, since)
		since = c.At
		w.fwSetView(v, json.RawMessage(c.Params["view"]))
	}
}

// isTransient tells the light views that another follows: loading and
// preparing, as opposed to a final notice (done, refused, expired).
func (w *logWorld) fwIsTransient(v *fwView) bool {
	text := v.text()
	for _, lang := range []string{locale.EN, locale.RU} {
		p := w.cat.For(lang)
		loading, _, _ := strings.Cut(p.T("farewell.ui.loading", map[string]any{"Client": "\x00"}), "\x00")
		if strings.Contains(text, p.T("farewell.ui.preparing")) || strings.Contains(text, loading) {
			return true
		}
	}
	return false
}

// openWizard runs /farewell for a client and returns the wizard at its
// first step, checking views.open came within the trigger's 3 s.
func (w *logWorld) fwOpenWizard(user, client string) *fwView {
	w.t.Helper()
	before := len(okCalls(w.slack, "views.open"))
	sent := time.Now()
	w.command(user, "/farewell", client)
	c := w.nthCall("views.open", before+1)
	return w.fwFollowOpen(c, sent)
}

func (w *logWorld) fwFollowOpen(c slacktest.Call, since time.Time) *fwView {
	w.t.Helper()
	if c.TriggerAge <= 0 || c.TriggerAge >= slacktest.TriggerTTL {
		w.t.Fatalf("views.open used a trigger %s old", c.TriggerAge)
	}
	v := &fwView{}
	w.fwSetView(v, json.RawMessage(c.Params["view"]))
	// The loading view is replaced by the evidence: the first views.update
	// after the open names the view's id.
	var first slacktest.Call
	w.waitFor("the evidence", func() bool {
		for _, u := range okCalls(w.slack, "views.update") {
			if u.At.After(c.At) {
				first = u
				return true
			}
		}
		return false
	})
	v.id = first.Params["view_id"]
	w.fwSetView(v, json.RawMessage(first.Params["view"]))
	w.fwSettle(v, first.At)
	if v.step(w.t) != 1 {
		w.t.Fatalf("the wizard opened at step %d:\n%s", v.step(w.t), v.text())
	}
	return v
}

// submit sends the view's state and returns the ack's errors, if any;
// otherwise v becomes the next view.
func (w *logWorld) fwSubmitStep(user string, v *fwView, values map[string]map[string]any) map[string]string {
	w.t.Helper()
	v.n++
	ack := w.fwSubmitView(user, v, "hash-"+strconv.Itoa(v.n), values)
	return w.fwReadAck(v, ack)
}

func (w *logWorld) fwSubmitView(user string, v *fwView, hash string, values map[string]map[string]any) slacktest.Ack {
	w.t.Helper()
	_, ack := w.sendSubmission(user, v.id, hash, v.body.CallbackID, v.body.PrivateMetadata, values)
	if ack.Latency > ackBudget {
		w.t.Fatalf("submission acked after %s", ack.Latency)
	}
	return ack
}

func (w *logWorld) fwReadAck(v *fwView, ack slacktest.Ack) map[string]string {
	w.t.Helper()
	var a struct {
		ResponseAction string            `json:"response_action"`
		Errors         map[string]string `json:"errors"`
		View           json.RawMessage   `json:"view"`
	}
	if len(ack.Payload) == 0 {
		w.t.Fatalf("the submission was acked without an answer: the modal would close\nlogs:\n%s", w.logs.tail(4000))
	}
	if err := json.Unmarshal(ack.Payload, &a); err != nil {
		w.t.Fatalf("ack %s: %v", ack.Payload, err)
	}
	switch a.ResponseAction {
	case "errors":
		for block := range a.Errors {
			if v.block(block) == nil {
				w.t.Errorf("error for block %q, which the view does not have", block)
			}
		}
		return a.Errors
	case "update":
		w.fwSetView(v, a.View)
		// From the delivery, not the ack: the bot's views.update can reach
		// the server before its ack does.
		w.fwSettle(v, ack.At.Add(-ack.Latency))
		return nil
	}
	w.t.Fatalf("unexpected ack %s", ack.Payload)
	return nil
}

// back presses the wizard's Back button and returns when the view changed.
func (w *logWorld) fwBack(user string, v *fwView, values map[string]map[string]any) {
	w.t.Helper()
	sent := time.Now()
	env, err := w.slack.SendInteraction(map[string]any{
		"type":      "block_actions",
		"team":      map[string]any{"id": teamID},
		"user":      map[string]any{"id": user, "team_id": teamID},
		"container": map[string]any{"type": "view", "view_id": v.id},
		"view": map[string]any{
			"id": v.id, "hash": "h", "type": "modal", "team_id": teamID,
			"callback_id": v.body.CallbackID, "private_metadata": v.body.PrivateMetadata,
			"state": map[string]any{"values": values},
		},
		"actions": []any{map[string]any{"type": "button", "action_id": "farewell.back", "block_id": "farewell.nav", "value": "x", "action_ts": "1700000001.000100"}},
	})
	if err != nil {
		w.t.Fatal(err)
	}
	if _, err := w.slack.WaitAck(env.ID, ackBudget); err != nil {
		w.t.Fatalf("Back not acked: %v", err)
	}
	c := w.fwUpdateAfter(v.id, sent)
	w.fwSetView(v, json.RawMessage(c.Params["view"]))
}

// State values as Slack sends them.
func fwRadio(v string) map[string]any {
	return map[string]any{"type": "radio_buttons", "selected_option": map[string]any{"value": v}}
}

func fwBoxes(vals ...string) map[string]any {
	opts := []any{}
	for _, v := range vals {
		opts = append(opts, map[string]any{"value": v})
	}
	return map[string]any{"type": "checkboxes", "selected_options": opts}
}

func fwUser(u string) map[string]any {
	return map[string]any{"type": "users_select", "selected_user": u}
}

func fwNumber(v string) map[string]any { return map[string]any{"type": "number_input", "value": v} }

func fwNoDate() map[string]any { return map[string]any{"type": "datepicker", "selected_date": nil} }

// field is one block's state: its element's action id is "farewell."+block
// for the wizard's fields.
func fwField(values map[string]map[string]any, block string, v map[string]any) {
	action := "farewell." + block
	switch {
	case strings.HasPrefix(block, "sign."), strings.HasPrefix(block, "long."):
		action = "farewell.answer"
	case strings.HasPrefix(block, "check."):
		action = "farewell.check"
	case strings.HasPrefix(block, "draft."):
		action = "farewell.draft"
	}
	values[block] = map[string]any{action: v}
}

func fwFields(kv ...any) map[string]map[string]any {
	out := map[string]map[string]any{}
	for i := 0; i < len(kv); i += 2 {
		fwField(out, kv[i].(string), kv[i+1].(map[string]any))
	}
	return out
}

// fwCase is one run of the wizard.
type fwCase struct {
	name      string
	user      string
	draftLang string
	path      farewell.Path
	group     farewell.Group
}

// dmTexts are the texts of the DMs posted since, joined.
func (w *logWorld) fwDmTexts(since time.Time) (string, int) {
	var b strings.Builder
	n := 0
	for _, c := range okCalls(w.slack, "chat.postMessage") {
		if !c.At.After(since) || !strings.HasPrefix(c.Params["channel"], "D") {
			continue
		}
		n++
		var blocks []struct {
			Type string `json:"type"`
			Text struct {
				Text string `json:"text"`
			} `json:"text"`
		}
		if err := json.Unmarshal([]byte(c.Params["blocks"]), &blocks); err != nil {
			w.t.Fatalf("DM blocks: %v", err)
		}
		if errs := slacktest.CheckBlocks(json.RawMessage(c.Params["blocks"]), "message"); len(errs) > 0 {
			w.t.Errorf("DM breaks Slack's limits: %v", errs)
		}
		b.WriteString(c.Params["text"] + "\n")
		for _, bl := range blocks {
			b.WriteString(bl.Text.Text + "\n")
		}
	}
	return b.String(), n
}

// fwPartWaysPreview seeds Acme and Other as difficult, walks the manager's
// wizard for Acme to the preview of a part-ways farewell ending on end and
// returns it with its drafts as they stand.
func (w *logWorld) fwPartWaysPreview(end time.Time) (*fwView, map[string]map[string]any) {
	w.t.Helper()
	w.fwSeedDifficult("Acme")
	w.fwSeedDifficult("Other")
	v := w.fwOpenWizard(manager, "Acme")
	steps := []map[string]map[string]any{
		{}, {},
		fwFields("group", fwRadio("negotiating"), "path", fwRadio("part_ways")),
		fwFields("end_date", picked(end), "tone", fwRadio("neutral"), "reasons", fwBoxes("disrespect"), "refund", fwRadio("none"),
			"speaker", fwUser(manager), "channel", fwRadio("meeting"), "lang", fwRadio("en")),
	}
	for i, s := range steps {
		if errs := w.fwSubmitStep(manager, v, s); errs != nil {
			w.t.Fatalf("step %d: %v", i+1, errs)
		}
	}
	final := map[string]map[string]any{}
	for _, b := range v.body.Blocks {
		if strings.HasPrefix(b.BlockID, "draft.") {
			fwField(final, b.BlockID, typed(b.Element.InitialValue))
		}
	}
	return v, final
}

// noInvalidCalls checks Slack refused nothing the bot sent.
func (w *logWorld) fwNoInvalidCalls() {
	w.t.Helper()
	for _, c := range w.slack.Calls("") {
		if c.Error == "invalid_arguments" || c.Error == "invalid_blocks" {
			w.t.Errorf("%s refused: %s %v", c.Method, c.Error, c.Errors)
		}
	}
}

func TestFarewellWizardEveryPathInBothLanguages(t *testing.T) {
	w := startFarewellWorld(t)
	w.fwSeedDifficult("Calm Co") // peers for the comparison
	w.addClient("Quiet Ltd")
	cases := []fwCase{
		{"part ways, English", manager, locale.EN, farewell.PartWays, farewell.Negotiating},
		{"part ways, Russian", russian, locale.RU, farewell.PartWays, farewell.Hostile},
		{"boundaries, English manager, Russian drafts", manager, locale.RU, farewell.Boundaries, farewell.Hostile},
		{"boundaries, Russian", russian, locale.RU, farewell.Boundaries, farewell.Negotiating},
		{"back to the start, English", manager, locale.EN, farewell.BackToStart, farewell.WantsToNegotiate},
		{"back to the start, Russian", russian, locale.RU, farewell.BackToStart, farewell.Negotiating},
		{"soften the blow, English", manager, locale.EN, farewell.Soften, farewell.Hostile},
		{"soften the blow, Russian", russian, locale.RU, farewell.Soften, farewell.Negotiating},
	}
	for i, c := range cases {
		client := fmt.Sprintf("Acme %d", i+1)
		w.fwSeedDifficult(client)
		t.Run(c.name, func(t *testing.T) {
			w.t = t
			w.fwDriveWizard(c, client)
		})
	}
	w.t = t
	w.fwNoInvalidCalls()
	// The Russian drafts are too big for an ack (slack-go refuses 20 KB):
	// they came by views.update after a light "preparing" view.
	byAPI := false
	for _, c := range okCalls(w.slack, "views.update") {
		byAPI = byAPI || strings.Contains(c.Params["view"], `\"s\":5`)
	}
	if !byAPI {
		t.Error("no preview went by views.update; the big-view path is untested")
	}
}

// driveWizard runs the whole wizard for one case and checks what it saved
// and sent.
func (w *logWorld) fwDriveWizard(c fwCase, client string) {
	t := w.t
	uiLang := locale.EN
	if c.user == russian {
		uiLang = locale.RU
	}
	ui, dp := w.cat.For(uiLang), w.cat.For(c.draftLang)
	today := w.today()
	v := w.fwOpenWizard(c.user, client)

	// 1. Evidence: figures, and the signs pre-answered from the incidents.
	text := v.text()
	for _, want := range []string{client, ui.N("count.incidents", 3), ui.T("farewell.sign_question.disrespect")} {
		if !strings.Contains(text, want) {
			t.Errorf("evidence step lacks %q:\n%s", want, text)
		}
	}
	for sign, want := range map[string]string{"disrespect": "yes", "obligations": "yes", "complaints": "no", "threats": "no"} {
		b := v.block("sign." + sign)
		if b == nil || b.Element.InitialOption == nil || b.Element.InitialOption.Value != want {
			t.Errorf("sign %s is not pre-answered %q", sign, want)
		}
	}
	if errs := w.fwSubmitStep(c.user, v, fwFields("sign.disrespect", fwRadio("yes"), "sign.obligations", fwRadio("yes"),
		"sign.complaints", fwRadio("no"), "sign.threats", fwRadio("yes"), "long.referral_source", fwRadio("yes"))); errs != nil {
		t.Fatalf("evidence step refused: %v", errs)
	}

	// 2. Check the decision: the data beside each mistake.
	if v.step(t) != 2 || v.block("check.not_measuring") == nil || v.block("reviewer") == nil {
		t.Fatalf("expected the check step, got:\n%s", v.text())
	}
	if hint := v.block("check.not_measuring").Hint; hint == nil || !strings.Contains(hint.Text, ui.Hours(14*90)) {
		t.Errorf("the hours check shows no hours logged: %+v", hint)
	}
	if errs := w.fwSubmitStep(c.user, v, fwFields("check.not_measuring", fwBoxes("yes"), "check.own_part", fwBoxes("yes"),
		"check.context", fwBoxes(), "check.biased_decider", fwBoxes("yes"), "check.withdrawing", fwBoxes("yes"),
		"reviewer", fwUser(member))); errs != nil {
		t.Fatalf("check step refused: %v", errs)
	}

	// 3. Group and path: back to the start is closed to a hostile client.
	if v.step(t) != 3 {
		t.Fatalf("expected the path step, got:\n%s", v.text())
	}
	errs := w.fwSubmitStep(c.user, v, fwFields("group", fwRadio("hostile"), "path", fwRadio("back_to_start")))
	if want := ui.T("farewell.invalid.path.hostile_group"); errs["path"] != want {
		t.Errorf("hostile + back to the start: errors %v, want %q on path", errs, want)
	}
	pathValues := fwFields("group", fwRadio(string(c.group)), "path", fwRadio(string(c.path)))
	if errs := w.fwSubmitStep(c.user, v, pathValues); errs != nil {
		t.Fatalf("path step refused: %v", errs)
	}

	// 4. Details: first with mistakes, then Back to the path and forward.
	if v.step(t) != 4 {
		t.Fatalf("expected the details step, got:\n%s", v.text())
	}
	end := today.AddDate(0, 0, 30)
	var bad, good map[string]map[string]any
	var wantErrs map[string]string
	switch c.path {
	case farewell.PartWays:
		// A long handover list makes drafts too big for the ack.
		handover := "admin access\ndesign files"
		for i := range 30 {
			handover += fmt.Sprintf("\nrepository access for module %d, with its deployment notes", i+1)
		}
		if b := v.block("reasons"); b == nil || len(b.Element.InitialOptions) != 3 {
			t.Errorf("reasons are not prefilled from the three signs answered yes: %+v", b)
		}
		if b := v.block("speaker"); b == nil || b.Element.InitialUser != c.user {
			t.Errorf("the speaker does not default to the manager")
		}
		bad = fwFields("end_date", picked(today.AddDate(0, 0, -1)), "tone", fwRadio("direct"), "reasons", fwBoxes(),
			"refund", fwRadio("part_last_month"), "speaker", fwUser(c.user), "channel", fwRadio("meeting"), "lang", fwRadio(c.draftLang))
		wantErrs = map[string]string{"end_date": ui.T("farewell.invalid.end_date.past"), "reasons": ui.T("farewell.invalid.reasons.missing")}
		good = fwFields("end_date", picked(end), "tone", fwRadio("direct"), "reasons", fwBoxes("disrespect", "threats"),
			"refund", fwRadio("part_last_month"), "share", fwBoxes("hours", "money", "incidents"),
			"referral", typed("Blue Harbour Studio"), "referral_contact", typed("anna@blueharbour.example"),
			"referral_why", typed("they specialise in long-running support"), "handover", typed(handover),
			"speaker", fwUser(c.user), "channel", fwRadio("call"), "lang", fwRadio(c.draftLang))
	case farewell.Boundaries:
		bad = fwFields("tone", fwRadio("neutral"), "out_of_scope", typed(""), "contact_minutes", fwNumber("5"),
			"channels", typed("the support portal"), "lang", fwRadio(c.draftLang))
		wantErrs = map[string]string{"out_of_scope": ui.T("farewell.invalid.out_of_scope.missing")}
		good = fwFields("tone", fwRadio("neutral"), "in_scope", typed("weekly updates"), "out_of_scope", typed("Sunday deliveries\nurgent redesigns"),
			"contact_minutes", fwNumber("5"), "channels", typed("the support portal\nemail"),
			"payment", typed("a 20% deposit before work starts"), "lang", fwRadio(c.draftLang))
	case farewell.BackToStart:
		bad = fwFields("redo", typed("the checkout page"), "redo_by", fwNoDate(), "lang", fwRadio(c.draftLang))
		wantErrs = map[string]string{"redo_by": ui.T("farewell.invalid.redo_by.missing")}
		good = fwFields("redo", typed("the checkout page, finished and tested"), "redo_by", picked(end), "lang", fwRadio(c.draftLang))
	case farewell.Soften:
		bad = fwFields("tone", fwRadio("neutral"), "last_day", fwNoDate(), "refund", fwRadio("all_last_month"), "lang", fwRadio(c.draftLang))
		wantErrs = map[string]string{"last_day": ui.T("farewell.invalid.last_day.missing")}
		good = fwFields("tone", fwRadio("neutral"), "last_day", picked(end), "refund", fwRadio("all_last_month"),
			"gesture", typed("a free month of hosting"), "handover", typed("design files"), "lang", fwRadio(c.draftLang))
	}
	if errs := w.fwSubmitStep(c.user, v, bad); !fwEqual(errs, wantErrs) {
		t.Errorf("details errors %v, want %v", errs, wantErrs)
	}
	w.fwBack(c.user, v, bad)
	if v.step(t) != 3 {
		t.Fatalf("Back from the details did not show the path step:\n%s", v.text())
	}
	if b := v.block("path"); b == nil || b.Element.InitialOption == nil || b.Element.InitialOption.Value != string(c.path) {
		t.Errorf("Back lost the path chosen")
	}
	if errs := w.fwSubmitStep(c.user, v, pathValues); errs != nil {
		t.Fatalf("path step refused after Back: %v", errs)
	}
	if errs := w.fwSubmitStep(c.user, v, good); errs != nil {
		t.Fatalf("details refused: %v", errs)
	}

	// 5. Preview: the drafts, editable; one edited.
	if v.step(t) != 5 {
		t.Fatalf("expected the preview, got:\n%s", v.text())
	}
	edited := "EDITED BY THE MANAGER"
	final := map[string]map[string]any{}
	for _, b := range v.body.Blocks {
		if strings.HasPrefix(b.BlockID, "draft.") {
			val := b.Element.InitialValue
			if strings.HasSuffix(b.BlockID, ".0") && !strings.Contains(fwJSON(final), edited) {
				val += "\n" + edited
			}
			fwField(final, b.BlockID, typed(val))
		}
	}
	if len(final) == 0 {
		t.Fatalf("the preview has no draft to edit:\n%s", v.text())
	}
	submitted := time.Now()
	v.n++
	ack := w.fwSubmitView(c.user, v, "final-"+client, final)
	w.fwReadAck(v, ack)
	if saved, _, _ := strings.Cut(ui.T("farewell.ui.done", map[string]any{"Client": client, "Status": ""}), "."); !strings.Contains(v.text(), saved) {
		t.Errorf("no confirmation after saving:\n%s", v.text())
	}
	// A double-clicked submit repeats the view id and hash: stored once.
	again := w.fwSubmitView(c.user, v, "final-"+client, final)
	if len(again.Payload) > 0 && strings.Contains(string(again.Payload), "errors") {
		t.Errorf("the repeated submit was answered with %s", again.Payload)
	}

	var dm string
	var posts int
	// The drafts may take several messages: wait until they stop coming.
	w.waitFor("the drafts by DM", func() bool {
		dm, posts = w.fwDmTexts(submitted)
		if posts == 0 || !strings.Contains(dm, edited) {
			return false
		}
		time.Sleep(200 * time.Millisecond)
		_, settled := w.fwDmTexts(submitted)
		return settled == posts
	})
	time.Sleep(300 * time.Millisecond)
	dm, after := w.fwDmTexts(submitted)
	if after != posts {
		t.Errorf("the drafts were sent again: %d DMs, then %d", posts, after)
	}
	w.fwCheckDrafts(c, client, dm, dp, end)
	w.fwConfirmReview(client)

	// Stored once, with the client's new status.
	var n int
	if err := w.db.X().Get(&n, `SELECT count(*) FROM farewell_decisions d JOIN clients c ON c.id = d.client_id WHERE c.name = $1`, client); err != nil || n != 1 {
		t.Errorf("decisions stored for %s: %d (%v); want 1", client, n, err)
	}
	var st struct {
		Status string     `db:"status"`
		Until  *time.Time `db:"status_until"`
	}
	if err := w.db.X().Get(&st, `SELECT status, status_until FROM clients WHERE name = $1`, client); err != nil {
		t.Fatal(err)
	}
	wantStatus := map[farewell.Path]string{farewell.PartWays: "parting", farewell.Boundaries: "boundaries", farewell.BackToStart: "recovery",
		farewell.Soften: "parting"}[c.path]
	if st.Status != wantStatus {
		t.Errorf("status %s, want %s", st.Status, wantStatus)
	}
	if c.path == farewell.Boundaries {
		// Boundaries come with a review day, proposed six weeks ahead.
		end = w.today().AddDate(0, 0, 7*farewell.DefaultReviewWeeks)
	}
	if st.Until == nil || !ledger.Date(*st.Until).Equal(end) {
		t.Errorf("status_until %v, want %s", st.Until, end.Format(time.DateOnly))
	}

	// The card shows the status; only a manager gets the wizard's button.
	card := w.say(c.user, "/client", "show "+client)
	wantCard := map[farewell.Path]string{
		farewell.PartWays:    ui.T("client.status.parting_until", map[string]any{"Day": ui.Date(end)}),
		farewell.Boundaries:  ui.T("client.status.boundaries_until", map[string]any{"Day": ui.Date(end)}),
		farewell.BackToStart: ui.T("farewell.card.recovery_until", map[string]any{"Day": ui.Date(end)}),
		farewell.Soften:      ui.T("client.status.parting_until", map[string]any{"Day": ui.Date(end)}),
	}[c.path]
	if !strings.Contains(card, wantCard) || !strings.Contains(card, "farewell.open") {
		t.Errorf("card for a manager lacks %q or the wizard's button:\n%s", wantCard, card)
	}
	if memberCard := w.say(member, "/client", "show "+client); strings.Contains(memberCard, "farewell.open") {
		t.Errorf("a member's card offers the farewell wizard:\n%s", memberCard)
	}
}

// checkDrafts checks the DM'd drafts name what was chosen, in the chosen
// language, with every placeholder filled.
func (w *logWorld) fwCheckDrafts(c fwCase, client, dm string, p *locale.Printer, end time.Time) {
	t := w.t
	wants := []string{client, "EDITED BY THE MANAGER"}
	switch c.path {
	case farewell.PartWays:
		wants = append(wants, p.T("farewell.doc.conversation"), p.Date(end), p.T("farewell.sign.disrespect"), p.T("farewell.sign.threats"),
			// Half of the $8,000 a month in force: the wizard's suggestion.
			p.T("farewell.summary.refund_amount.part_last_month", map[string]any{"Amount": p.Money(400_000, "USD")}),
			p.T("farewell.talk.help.refund_amount.part_last_month", map[string]any{"Amount": p.Money(400_000, "USD")}),
			"Blue Harbour Studio", "anna@blueharbour.example", p.T("farewell.doc.referral_note"), p.T("farewell.doc.checklist"), "design files")
		if strings.Contains(dm, p.T("farewell.sign.obligations")) {
			t.Errorf("a reason the manager unticked is in the drafts")
		}
		// The written follow-up, the notice of termination and the handover act.
		wants = append(wants, p.T("farewell.doc.follow_up"), p.T("farewell.doc.notice"), p.T("farewell.doc.handover_act"),
			p.T("farewell.notice.confirm"))
		fwCheckSpeakable(t, dm, p)
	case farewell.Boundaries:
		wants = append(wants, p.T("farewell.doc.boundary_memo"), p.T("farewell.doc.desk_note"), "Sunday deliveries", "a 20% deposit before work starts",
			p.N("count.minutes", 5))
	case farewell.BackToStart:
		wants = append(wants, p.T("farewell.doc.recovery_plan"), "the checkout page, finished and tested", p.Date(end))
	case farewell.Soften:
		wants = append(wants, p.T("farewell.doc.closing_message"), p.T("farewell.doc.soften_note"), "a free month of hosting",
			p.T("farewell.soften.no_pursuit"), p.Date(end))
	}
	for _, want := range wants {
		if !strings.Contains(dm, fwEscape(want)) {
			t.Errorf("the DM'd drafts lack %q:\n%s", want, dm)
		}
	}
	other := locale.RU
	if c.draftLang == locale.RU {
		other = locale.EN
	}
	if title := w.cat.For(other).T("farewell.doc.summary"); strings.Contains(dm, title) {
		t.Errorf("drafts in %s carry the %s title %q", c.draftLang, other, title)
	}
	for _, mark := range []string{"{{", "}}", "<no value>", "⟨", "%!"} {
		if strings.Contains(dm, mark) {
			t.Errorf("an unfilled placeholder %q in the drafts", mark)
		}
	}
}

// escapeForTest is how text appears in mrkdwn: &, < and > escaped.
func fwEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func fwJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func fwEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestFarewellRefusesNonManagers(t *testing.T) {
	w := startFarewellWorld(t)
	id := w.fwSeedDifficult("Acme")
	p := w.cat.For(locale.EN)
	refusal := p.T("error.not_manager", map[string]any{"Managers": "<@" + manager + ">, <@" + russian + ">"})

	// The command, before even looking the client up.
	if got := w.say(member, "/farewell", "Acme"); !strings.Contains(got, refusal) {
		t.Errorf("/farewell by a member: %q, want %q", got, refusal)
	}
	// The button, as posted in a channel everyone sees.
	env := w.click(member, "farewell.open", strconv.FormatInt(id, 10))
	if got, _ := w.replyText(env); got != refusal {
		t.Errorf("the button pressed by a member: %q, want %q", got, refusal)
	}
	if n := len(okCalls(w.slack, "views.open")); n != 0 {
		t.Errorf("a member opened %d modals", n)
	}

	// A manager's open wizard, replayed by the member: submit and Back.
	v := w.fwOpenWizard(manager, "Acme")
	ack := w.fwSubmitView(member, v, "member-hash", fwFields("sign.threats", fwRadio("yes")))
	if !strings.Contains(string(ack.Payload), `"update"`) || !strings.Contains(string(ack.Payload), strings.Split(refusal, ":")[0]) {
		t.Errorf("a member's submission: ack %s, want the refusal", ack.Payload)
	}
	mv := &fwView{id: v.id, body: v.body}
	w.fwBack(member, mv, nil)
	if !strings.Contains(mv.text(), strings.Split(refusal, ":")[0]) {
		t.Errorf("a member's Back: %s", mv.text())
	}
	var n int
	if err := w.db.X().Get(&n, `SELECT count(*) FROM farewell_decisions`); err != nil || n != 0 {
		t.Errorf("decisions stored: %d (%v)", n, err)
	}
	w.fwNoInvalidCalls()
}

func TestFarewellOpensInTimeWithSlowDatabase(t *testing.T) {
	w := startFarewellWorld(t)
	id := w.fwSeedDifficult("Acme")
	const delay = 2500 * time.Millisecond

	for _, via := range []string{"command", "button"} {
		// Hold the incidents table: the evidence query waits for it, as on
		// a database that is slow to answer.
		tx, err := w.db.X().Beginx()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(`LOCK TABLE incidents IN ACCESS EXCLUSIVE MODE`); err != nil {
			t.Fatal(err)
		}
		before := len(okCalls(w.slack, "views.open"))
		start := time.Now()
		time.AfterFunc(delay, func() { _ = tx.Rollback() })
		if via == "command" {
			w.command(manager, "/farewell", "Acme")
		} else {
			w.click(manager, "farewell.open", strconv.FormatInt(id, 10))
		}
		c := w.nthCall("views.open", before+1)
		if c.TriggerAge >= slacktest.TriggerTTL || c.At.Sub(start) >= delay {
			t.Errorf("%s: views.open came %s after the trigger, %s after the start", via, c.TriggerAge, c.At.Sub(start))
		}
		v := w.fwFollowOpen(c, start)
		upd := w.fwUpdateAfter(v.id, c.At)
		if upd.At.Sub(start) < delay {
			t.Errorf("%s: the evidence came %s after the start, before the database answered", via, upd.At.Sub(start))
		}
	}
	w.fwNoInvalidCalls()
}

func TestFarewellRemindersGoOutOnce(t *testing.T) {
	w := startFarewellWorld(t)
	end := w.today().AddDate(0, 0, 20)
	v, final := w.fwPartWaysPreview(end)
	v.n++
	w.fwReadAck(v, w.fwSubmitView(manager, v, "final", final))

	api := bot.NewClient(bot.ClientConfig{BotToken: botToken, APIURL: w.slack.APIURL()})
	a := jobSet{Deps: jobDeps(&config{Location: w.loc}, w.db, w.cat, slog.New(slog.DiscardHandler), api, bot.NewPeople(api, locale.EN, []string{manager}), nil, teamID)}
	job := a.job(t, "farewell-reminders")
	p := w.cat.For(locale.EN)
	remindersSince := func(since time.Time, kind string) int {
		text := strings.SplitN(p.T("farewell.remind."+kind, map[string]any{"Client": "Acme", "EndDate": p.Date(end)}), "*", 2)[0]
		n := 0
		for _, c := range okCalls(w.slack, "chat.postMessage") {
			if c.At.After(since) && strings.Contains(c.Params["blocks"], text) {
				n++
			}
		}
		return n
	}
	runTwice := func(day time.Time) time.Time {
		start := time.Now()
		now := time.Date(day.Year(), day.Month(), day.Day(), 9, 0, 0, 0, w.loc)
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() {
				if err := job.Run(context.Background(), now); err != nil {
					t.Errorf("reminder job: %v", err)
				}
			})
		}
		wg.Wait()
		if err := job.Run(context.Background(), now); err != nil {
			t.Errorf("reminder job, third run: %v", err)
		}
		return start
	}

	if since := runTwice(end.AddDate(0, 0, -8)); remindersSince(since, "week_before")+remindersSince(since, "end_date") != 0 {
		t.Errorf("a reminder went out eight days before")
	}
	since := runTwice(end.AddDate(0, 0, -7))
	if n := remindersSince(since, "week_before"); n != 1 {
		t.Errorf("week-before reminders: %d, want 1", n)
	}
	since = runTwice(end)
	if n := remindersSince(since, "end_date"); n != 1 {
		t.Errorf("end-date reminders: %d, want 1", n)
	}
	if n := remindersSince(since, "week_before"); n != 0 {
		t.Errorf("the week-before reminder went out again")
	}
	var sent int
	if err := w.db.X().Get(&sent, `SELECT count(*) FROM farewell_reminders WHERE sent_at IS NOT NULL`); err != nil || sent != 2 {
		t.Errorf("reminders marked sent: %d (%v), want 2", sent, err)
	}
	w.fwNoInvalidCalls()
}

func TestFarewellDemoPrintsSampleDraft(t *testing.T) {
	env := map[string]string{"DATABASE_URL": storagetest.URL(t), "LOG_LEVEL": "warn"}
	var out, errs bytes.Buffer
	if err := run(context.Background(), []string{"demo"}, func(k string) string { return env[k] }, &out, &errs, options{}); err != nil {
		t.Fatalf("tact demo: %v\n%s", err, errs.String())
	}
	p := mustCatalog(t).For(locale.EN)
	text := out.String()
	for _, want := range []string{
		p.T("farewell.demo.head", map[string]any{"Client": "Northwind Retail"}),
		strings.ToUpper(p.T("farewell.doc.conversation")), strings.ToUpper(p.T("farewell.doc.checklist")), "Harbour Digital",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("demo output lacks %q", want)
		}
	}
	for _, mark := range []string{"{{", "<no value>", "⟨", "%!"} {
		if strings.Contains(text, mark) {
			t.Errorf("demo output has an unfilled placeholder %q", mark)
		}
	}
}

// fwCheckSpeakable checks the conversation script, as DM'd, says no amount
// with cents and no hours with a fraction other than a half.
func fwCheckSpeakable(t *testing.T, dm string, p *locale.Printer) {
	t.Helper()
	from, to := strings.Index(dm, p.T("farewell.doc.conversation")), strings.Index(dm, p.T("farewell.doc.follow_up"))
	if from < 0 || to < from {
		t.Errorf("no conversation script before the follow-up in the drafts")
		return
	}
	script := dm[from:to]
	cents := regexp.MustCompile(`\d[.,]\d\d(\D|$)`)
	oddHours := regexp.MustCompile(`\d[.,](\d*[1-46-9]\d*|5\d+) (hours|часа|часов)`)
	if m := cents.FindString(script); m != "" {
		t.Errorf("the script says an amount with cents (%q):\n%s", m, script)
	}
	if m := oddHours.FindString(script); m != "" {
		t.Errorf("the script says hours with a fraction (%q):\n%s", m, script)
	}
	// Hours and money were chosen for sharing: there are figures to check.
	if !strings.Contains(script, "$") || !strings.Contains(script, p.Hours(300)[2:]) {
		t.Errorf("the script shares no figures to check:\n%s", script)
	}
}

// fwConfirmReview finds the reviewer's DM (the reviewer is member), checks
// that only they can confirm, confirms, and sees the card say so.
func (w *logWorld) fwConfirmReview(client string) {
	t := w.t
	t.Helper()
	var decision string
	w.waitFor("the reviewer's DM", func() bool {
		for _, c := range okCalls(w.slack, "chat.postMessage") {
			if strings.Contains(c.Params["blocks"], dialogs.ActionConfirmReview) && strings.Contains(c.Params["text"], client) {
				var id int64
				if err := w.db.X().Get(&id, `SELECT d.id FROM farewell_decisions d JOIN clients c ON c.id = d.client_id WHERE c.name = $1`, client); err == nil {
					decision = strconv.FormatInt(id, 10)
				}
				return decision != "" && strings.Contains(c.Params["blocks"], `"value":"`+decision+`"`)
			}
		}
		return false
	})
	// The manager is not the reviewer: refused, in the presser's language.
	en := mustCatalog(t).For(locale.EN)
	refused, _ := w.replyText(w.click(manager, dialogs.ActionConfirmReview, decision))
	if refused != en.T("farewell.reviewer.not_you") {
		t.Errorf("someone else confirmed the review: %q", refused)
	}
	done, _ := w.replyText(w.click(member, dialogs.ActionConfirmReview, decision))
	if !strings.HasPrefix(done, "Thank you: your review is recorded") {
		t.Errorf("the reviewer's confirmation: %q", done)
	}
	var reviewed int
	if err := w.db.X().Get(&reviewed, `SELECT count(*) FROM farewell_decisions WHERE id = $1 AND reviewer = $2 AND reviewed_at IS NOT NULL`, decision, member); err != nil || reviewed != 1 {
		t.Errorf("review stored: %d, %v", reviewed, err)
	}
	if card := w.say(manager, "/client", "show "+client); !strings.Contains(card, "<@"+member+">") {
		t.Errorf("the card does not say who reviewed the decision:\n%s", card)
	}
}
