package main

import (
	"context"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lib/pq"

	"github.com/tact-bot/tact/bot/slacktest"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
)

// logWorld is the real bot plus direct access to its database, for the
// incident and hours tests. Clients, departments and rates are seeded
// through SQL: their commands are another feature's and are tested there.
type logWorld struct {
	*harness
	db  *storage.DB
	cat *locale.Catalog
	loc *time.Location
}

const logZone = "Europe/Moscow"

func startLogWorld(t *testing.T, opts ...harnessOption) *logWorld {
	t.Helper()
	return startLogWorldOn(t, newSlack(t), opts...)
}

// startLogWorldOn runs the bot in logZone against srv, with its database
// and the catalogue at hand.
func startLogWorldOn(t *testing.T, srv *slacktest.Server, opts ...harnessOption) *logWorld {
	t.Helper()
	h := startBot(t, srv, append([]harnessOption{withEnv("TZ", logZone)}, opts...)...)
	return &logWorld{harness: h, db: openDB(t, h.env["DATABASE_URL"]), cat: mustCatalog(t), loc: fwZone(t, logZone)}
}

func (w *logWorld) today() time.Time { return ledger.DayIn(time.Now(), w.loc) }

func (w *logWorld) exec(query string, args ...any) {
	w.t.Helper()
	if _, err := w.db.X().Exec(query, args...); err != nil {
		w.t.Fatalf("%s: %v", query, err)
	}
}

func (w *logWorld) addClient(name string) int64 {
	w.t.Helper()
	return w.addClientBy(name, manager)
}

func (w *logWorld) addClientBy(name, by string) int64 {
	w.t.Helper()
	var id int64
	if err := w.db.X().Get(&id, `INSERT INTO clients (team_id, name, created_by) VALUES ($1, $2, $3) RETURNING id`, teamID, name, by); err != nil {
		w.t.Fatalf("adding client %s: %v", name, err)
	}
	return id
}

// addRate sets a department's hourly rate from a day on, creating the
// department on first use as /tact rate does.
func (w *logWorld) addRate(dept string, perHourMinor int64, from time.Time) {
	w.t.Helper()
	w.exec(`INSERT INTO departments (team_id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING`, teamID, dept)
	w.exec(`INSERT INTO department_rates (team_id, department_id, per_hour_minor, effective_from, set_by)
		SELECT $1, id, $3, $4::date, $5 FROM departments WHERE team_id = $1 AND name = $2`,
		teamID, dept, perHourMinor, from.Format(time.DateOnly), manager)
}

func (w *logWorld) setDepartment(user, dept string) {
	w.t.Helper()
	w.exec(`INSERT INTO departments (team_id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING`, teamID, dept)
	w.exec(`INSERT INTO people (team_id, user_id, department_id)
		SELECT $1, $2, id FROM departments WHERE team_id = $1 AND name = $3`, teamID, user, dept)
}

// replyText is the text of the response_url answer to env.
func (w *logWorld) replyText(env slacktest.Envelope) (text, raw string) {
	w.t.Helper()
	raw = w.reply(env)
	var body struct{ Text string }
	if err := json.Unmarshal([]byte(raw), &body); err != nil {
		w.t.Fatalf("reply is not JSON: %s", raw)
	}
	return body.Text, raw
}

// nthCall waits for the n-th (1-based) successful call of method.
func (w *logWorld) nthCall(method string, n int) slacktest.Call {
	w.t.Helper()
	w.waitFor(method+" #"+strconv.Itoa(n), func() bool { return len(okCalls(w.slack, method)) >= n })
	return okCalls(w.slack, method)[n-1]
}

// openedView is a modal the bot opened, as Slack received it.
type openedView struct {
	raw      string
	callback string
	metadata string
}

// nthView waits for the n-th views.open and checks it came within the
// trigger's 3 s.
func (w *logWorld) nthView(n int) openedView {
	w.t.Helper()
	c := w.nthCall("views.open", n)
	if c.TriggerAge <= 0 || c.TriggerAge >= slacktest.TriggerTTL {
		w.t.Fatalf("views.open #%d used a trigger %s old", n, c.TriggerAge)
	}
	return parseView(w.t, c.Params["view"])
}

func parseView(t *testing.T, raw string) openedView {
	t.Helper()
	var v struct {
		CallbackID      string `json:"callback_id"`
		PrivateMetadata string `json:"private_metadata"`
	}
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		t.Fatalf("view is not JSON: %v\n%s", err, raw)
	}
	return openedView{raw: raw, callback: v.CallbackID, metadata: v.PrivateMetadata}
}

// afterRepeat gives a repeated submission or command time to land, then
// checks that rows are stored in all and Slack got answers calls of method.
func (w *logWorld) afterRepeat(repeat string, stored func() int, rows int, method string, answers int) {
	w.t.Helper()
	time.Sleep(300 * time.Millisecond)
	if n := stored(); n != rows {
		w.t.Fatalf("after %s: %d stored, want %d", repeat, n, rows)
	}
	if n := len(w.slack.Calls(method)); n != answers {
		w.t.Fatalf("after %s: %d %s calls, want %d", repeat, n, method, answers)
	}
}

// submit sends a view_submission of a modal with the given state values and
// returns the ack's payload ("" when it carried none).
func (w *logWorld) submit(user string, v openedView, viewID, hash string, values map[string]map[string]any) string {
	w.t.Helper()
	_, ack := w.sendSubmission(user, viewID, hash, v.callback, v.metadata, values)
	return string(ack.Payload)
}

// sendSubmission sends a view_submission of the modal viewID with the given
// state values and returns the envelope with the bot's ack.
func (h *harness) sendSubmission(user, viewID, hash, callback, metadata string, values map[string]map[string]any) (slacktest.Envelope, slacktest.Ack) {
	h.t.Helper()
	env, err := h.slack.SendInteraction(map[string]any{
		"type": "view_submission",
		"team": map[string]any{"id": teamID},
		"user": map[string]any{"id": user, "team_id": teamID},
		"view": map[string]any{
			"id": viewID, "hash": hash, "type": "modal", "team_id": teamID,
			"callback_id": callback, "private_metadata": metadata,
			"state": map[string]any{"values": values},
		},
	})
	if err != nil {
		h.t.Fatal(err)
	}
	ack, err := h.slack.WaitAck(env.ID, ackBudget)
	if err != nil {
		h.t.Fatalf("submission not acked: %v\nlogs:\n%s", err, h.logs.tail(4000))
	}
	return env, ack
}

// click presses a button on an ephemeral reply.
func (w *logWorld) click(user, actionID, value string) slacktest.Envelope {
	w.t.Helper()
	return w.clickIn(user, actionID, value, map[string]any{
		"container": map[string]any{"type": "message", "message_ts": "1700000000.000200", "channel_id": channel, "is_ephemeral": true},
	})
}

// clickIn presses a button on a message in the channel, where (the
// payload's container and message) says which, and waits for the ack.
func (h *harness) clickIn(user, actionID, value string, where map[string]any) slacktest.Envelope {
	h.t.Helper()
	payload := map[string]any{
		"type":    "block_actions",
		"team":    map[string]any{"id": teamID},
		"user":    map[string]any{"id": user, "team_id": teamID},
		"channel": map[string]any{"id": channel},
		"actions": []any{map[string]any{
			"type": "button", "action_id": actionID, "block_id": "b", "value": value, "action_ts": "1700000001.000100",
		}},
	}
	for k, v := range where {
		payload[k] = v
	}
	env, err := h.slack.SendInteraction(payload)
	if err != nil {
		h.t.Fatal(err)
	}
	if _, err := h.slack.WaitAck(env.ID, ackBudget); err != nil {
		h.t.Fatalf("click not acked: %v", err)
	}
	return env
}

func selected(v string) map[string]any {
	return map[string]any{"type": "static_select", "selected_option": map[string]any{"value": v, "text": map[string]any{"type": "plain_text", "text": v}}}
}

func typed(v string) map[string]any { return map[string]any{"type": "plain_text_input", "value": v} }

func picked(day time.Time) map[string]any {
	return map[string]any{"type": "datepicker", "selected_date": day.Format(time.DateOnly)}
}

// incidentValues is a filled-in incident modal.
func incidentValues(client int64, category, severity string, day time.Time, what, evidence string) map[string]map[string]any {
	return map[string]map[string]any{
		"client":   {"log.client": selected(strconv.FormatInt(client, 10))},
		"category": {"incident.category": selected(category)},
		"severity": {"incident.severity": map[string]any{"type": "radio_buttons", "selected_option": map[string]any{"value": severity}}},
		"day":      {"log.day": picked(day)},
		"what":     {"incident.what": typed(what)},
		"evidence": {"incident.evidence": typed(evidence)},
	}
}

type storedIncident struct {
	ID          int64          `db:"id"`
	ClientID    int64          `db:"client_id"`
	Category    string         `db:"category"`
	Severity    string         `db:"severity"`
	Description string         `db:"description"`
	Evidence    pq.StringArray `db:"evidence"`
	OccurredOn  time.Time      `db:"occurred_on"`
	ReportedBy  string         `db:"reported_by"`
	Source      string         `db:"source"`
	Deleted     bool           `db:"deleted"`
}

func (w *logWorld) incidents() []storedIncident {
	w.t.Helper()
	var out []storedIncident
	err := w.db.X().Select(&out, `SELECT id, client_id, category, severity, description, evidence, occurred_on,
		reported_by, source, deleted_at IS NOT NULL AS deleted FROM incidents ORDER BY id`)
	if err != nil {
		w.t.Fatal(err)
	}
	return out
}

var incidentNumber = regexp.MustCompile(`(?:#|№)(\d+)`)

func numberIn(t *testing.T, text string) string {
	t.Helper()
	m := incidentNumber.FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no incident number in %q", text)
	}
	return m[1]
}

func TestIncidentByTextEveryCategoryInBothLanguages(t *testing.T) {
	w := startLogWorld(t)
	acme := w.addClient("Acme Corp")
	romashka := w.addClient("Ромашка")
	tests := []struct {
		user, lang string
		client     int64
		name       string
		word       string
		category   ledger.Category
		severity   string // typed, "" for the default
		want       ledger.Severity
	}{
		{member, locale.EN, acme, "Acme Corp", "complaint", ledger.Complaints, "", ledger.SeverityMedium},
		{member, locale.EN, acme, "Acme Corp", "rude", ledger.Disrespect, "high", ledger.SeverityHigh},
		{member, locale.EN, acme, "Acme Corp", "overdue", ledger.LatePayment, "low", ledger.SeverityLow},
		{member, locale.EN, acme, "Acme Corp", "lawsuit", ledger.Threats, "", ledger.SeverityMedium},
		{member, locale.EN, acme, "Acme Corp", "scope", ledger.ScopeCreep, "", ledger.SeverityMedium},
		{member, locale.EN, acme, "Acme Corp", "micromanaging", ledger.Micromanagement, "", ledger.SeverityMedium},
		{member, locale.EN, acme, "Acme Corp", "vip", ledger.Attention, "", ledger.SeverityMedium},
		{member, locale.EN, acme, "Acme Corp", "devalues", ledger.Devaluation, "", ledger.SeverityMedium},
		{member, locale.EN, acme, "Acme Corp", "misc", ledger.Other, "", ledger.SeverityMedium},
		{russian, locale.RU, romashka, "Ромашка", "жалоба", ledger.Complaints, "", ledger.SeverityMedium},
		{russian, locale.RU, romashka, "Ромашка", "хамство", ledger.Disrespect, "высокая", ledger.SeverityHigh},
		{russian, locale.RU, romashka, "Ромашка", "просрочка", ledger.LatePayment, "", ledger.SeverityMedium},
		{russian, locale.RU, romashka, "Ромашка", "угрозы", ledger.Threats, "низкая", ledger.SeverityLow},
		{russian, locale.RU, romashka, "Ромашка", "сверх", ledger.ScopeCreep, "", ledger.SeverityMedium},
		{russian, locale.RU, romashka, "Ромашка", "поучает", ledger.Micromanagement, "", ledger.SeverityMedium},
		{russian, locale.RU, romashka, "Ромашка", "внимание", ledger.Attention, "", ledger.SeverityMedium},
		{russian, locale.RU, romashka, "Ромашка", "обесценивание", ledger.Devaluation, "", ledger.SeverityMedium},
		{russian, locale.RU, romashka, "Ромашка", "прочее", ledger.Other, "", ledger.SeverityMedium},
	}
	perClient := map[int64]int{}
	for i, tt := range tests {
		what := "happened again, see https://mail.example.com/t/" + strconv.Itoa(i)
		text := strings.Join(strings.Fields(strings.Join([]string{tt.name, tt.word, tt.severity, what}, " ")), " ")
		got, _ := w.replyText(w.command(tt.user, "/incident", text))
		perClient[tt.client]++
		p := w.cat.For(tt.lang)
		wantSummary := p.T("incident.reply.summary", map[string]any{
			"Client": tt.name, "Category": p.T("incident.category_label." + categoryKey(tt.category)),
			"Severity": p.T("incident.severity_inline." + string(tt.want)), "Date": p.Date(w.today()),
		})
		wantCount := p.N("incident.recent", perClient[tt.client], map[string]any{"Client": tt.name})
		if !strings.Contains(got, wantSummary) || !strings.Contains(got, wantCount) {
			t.Fatalf("%s %q: reply %q\nwant %q and %q", tt.lang, text, got, wantSummary, wantCount)
		}
		stored := w.incidents()[i]
		if strconv.FormatInt(stored.ID, 10) != numberIn(t, got) || stored.Category != string(tt.category) ||
			stored.Severity != string(tt.want) || stored.ClientID != tt.client || stored.Description != what ||
			stored.ReportedBy != tt.user || stored.Source != storage.SourceCommand || !stored.OccurredOn.Equal(w.today()) ||
			len(stored.Evidence) != 1 || stored.Evidence[0] != "https://mail.example.com/t/"+strconv.Itoa(i) {
			t.Fatalf("%q stored as %+v", text, stored)
		}
	}
	// Russian plural forms over the run: 1 инцидент, 2–4 инцидента, 5+ инцидентов.
	p := w.cat.For(locale.RU)
	if got := p.N("incident.recent", 5, map[string]any{"Client": "Ромашка"}); !strings.Contains(got, "5 инцидентов") {
		t.Errorf("ru plural for 5 = %q", got)
	}
}

// categoryKey mirrors the catalogue's keys for category labels.
func categoryKey(c ledger.Category) string {
	if c == ledger.Other {
		return "unlisted"
	}
	return strings.ReplaceAll(string(c), "-", "_")
}

func TestIncidentTextNotUnderstoodOpensPrefilledModal(t *testing.T) {
	w := startLogWorld(t)
	acme := w.addClient("Acme")
	w.command(member, "/incident", "Acme weird he called me names at 23:00")
	v := w.nthView(1)
	for _, want := range []string{`"callback_id":"incident.modal.new"`, `I couldn't tell which category “weird” is`,
		`"initial_value":"weird he called me names at 23:00"`} {
		if !strings.Contains(v.raw, want) {
			t.Errorf("prefilled modal lacks %s:\n%s", want, v.raw)
		}
	}
	if !strings.Contains(v.raw, `"initial_option":{"text":{"type":"plain_text","text":"Acme","emoji":false},"value":"`+strconv.FormatInt(acme, 10)+`"}`) {
		t.Errorf("client not preselected:\n%s", v.raw)
	}
	if len(w.incidents()) != 0 {
		t.Fatal("an incident was logged before the form was submitted")
	}

	// Unknown client, in Russian.
	w.command(russian, "/incident", "Рога хамство кричал на менеджера")
	v = w.nthView(2)
	if !strings.Contains(v.raw, "Клиента «Рога» я не знаю") || !strings.Contains(v.raw, `"initial_value":"кричал на менеджера"`) {
		t.Errorf("Russian prefilled modal:\n%s", v.raw)
	}
}

func TestIncidentByModalWithValidationErrors(t *testing.T) {
	w := startLogWorld(t)
	acme := w.addClient("Acme")
	w.command(member, "/incident", "")
	v := w.nthView(1)
	if v.callback != "incident.modal.new" || !strings.Contains(v.raw, `"initial_date":"`+w.today().Format(time.DateOnly)+`"`) {
		t.Fatalf("empty /incident opened %s", v.raw)
	}
	yesterday := w.today().AddDate(0, 0, -1)

	ack := w.submit(member, v, "V0INC1", "h1", incidentValues(acme, "threats", "high", yesterday, "   ", ""))
	if !strings.Contains(ack, `"response_action":"errors"`) || !strings.Contains(ack, `"what":"Describe what happened`) {
		t.Fatalf("empty description ack = %s", ack)
	}
	ack = w.submit(member, v, "V0INC1", "h1", incidentValues(acme, "threats", "high", yesterday, "promised a one-star review",
		"https://reviews.example.com/1\nnot a link"))
	if !strings.Contains(ack, `"response_action":"errors"`) || !strings.Contains(ack, `"evidence":"Line 2 (“not a link”) isn't a link`) {
		t.Fatalf("bad link ack = %s", ack)
	}
	ack = w.submit(member, v, "V0INC1", "h1", incidentValues(acme, "threats", "high", w.today().AddDate(0, 0, 1), "promised a one-star review", ""))
	if !strings.Contains(ack, `"day":"That day hasn't come yet`) {
		t.Fatalf("future date ack = %s", ack)
	}
	if len(w.incidents()) != 0 {
		t.Fatal("a refused submission stored an incident")
	}

	ack = w.submit(member, v, "V0INC1", "h1", incidentValues(acme, "threats", "high", yesterday,
		"promised a one-star review and a post on https://social.example.com/acme", "https://reviews.example.com/1"))
	if strings.Contains(ack, "errors") {
		t.Fatalf("valid submission refused: %s", ack)
	}
	reply := w.nthCall("chat.postEphemeral", 1)
	if reply.Params["channel"] != channel || reply.Params["user"] != member {
		t.Fatalf("reply went to %s/%s, want the command's channel", reply.Params["channel"], reply.Params["user"])
	}
	p := w.cat.For(locale.EN)
	if !strings.Contains(reply.Params["text"], "Threats · high severity · "+p.Date(yesterday)) ||
		!strings.Contains(reply.Params["text"], "*Acme*: 1 incident in the last 4 weeks.") {
		t.Fatalf("reply = %q", reply.Params["text"])
	}
	got := w.incidents()
	if len(got) != 1 || got[0].Source != storage.SourceModal || !got[0].OccurredOn.Equal(yesterday) ||
		strings.Join(got[0].Evidence, " ") != "https://reviews.example.com/1 https://social.example.com/acme" {
		t.Fatalf("stored %+v", got)
	}

	// A double-clicked submit: the same view id and hash again.
	w.submit(member, v, "V0INC1", "h1", incidentValues(acme, "threats", "high", yesterday, "promised a one-star review", ""))
	w.afterRepeat("a double-clicked submit", func() int { return len(w.incidents()) }, 1, "chat.postEphemeral", 1)
}

func TestIncidentFromMessageShortcut(t *testing.T) {
	w := startLogWorld(t)
	acme := w.addClient("Acme")
	const ts = "1700000000.000300"
	env, err := w.slack.SendInteraction(map[string]any{
		"type": "message_action", "callback_id": "log_incident_from_message",
		"team":       map[string]any{"id": teamID},
		"user":       map[string]any{"id": member, "team_id": teamID},
		"channel":    map[string]any{"id": channel, "name": "support"},
		"message":    map[string]any{"type": "message", "user": "U0CLIENT", "ts": ts, "text": "You are useless, I'll tell everyone on Twitter"},
		"message_ts": ts,
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.slack.WaitAck(env.ID, ackBudget); err != nil {
		t.Fatal(err)
	}
	v := w.nthView(1)
	if !strings.Contains(v.raw, `"initial_value":"You are useless, I'll tell everyone on Twitter"`) {
		t.Fatalf("shortcut modal lacks the message text:\n%s", v.raw)
	}
	permalink := "https://test.slack.com/archives/" + channel + "/p1700000000000300"
	update := w.nthCall("views.update", 1)
	if !strings.Contains(update.Params["view"], `"initial_value":"`+permalink+`"`) {
		t.Fatalf("views.update lacks the permalink as evidence:\n%s", update.Params["view"])
	}
	if w.nthCall("chat.getPermalink", 1).At.Before(w.nthCall("views.open", 1).At) {
		t.Error("the permalink was fetched before the modal opened")
	}
	w.submit(member, parseView(t, update.Params["view"]), "V0SHORT", "h1",
		incidentValues(acme, "threats", "medium", w.today(), "You are useless, I'll tell everyone on Twitter", permalink))
	w.nthCall("chat.postEphemeral", 1)
	got := w.incidents()
	if len(got) != 1 || got[0].Source != storage.SourceShortcut || len(got[0].Evidence) != 1 || got[0].Evidence[0] != permalink {
		t.Fatalf("stored %+v", got)
	}
}

func TestIncidentEditAndDeleteOnlyByReporterOrManager(t *testing.T) {
	w := startLogWorld(t)
	w.addClient("Acme")
	globex := w.addClient("Globex")
	text, raw := w.replyText(w.command(member, "/incident", "Acme rude shouted at Anna"))
	id := numberIn(t, text)
	if !strings.Contains(raw, `"action_id":"incident.edit"`) || !strings.Contains(raw, `"action_id":"incident.delete"`) || !strings.Contains(raw, `"confirm"`) {
		t.Fatalf("reply lacks Edit/Delete with a confirm: %s", raw)
	}

	// Someone else (not a manager) is refused, in their language, naming who can.
	for _, action := range []string{"incident.edit", "incident.delete"} {
		refusal, _ := w.replyText(w.click(russian, action, id))
		if !strings.Contains(refusal, "может только тот, кто его записал (<@"+member+">), или руководитель (<@"+manager+">)") {
			t.Fatalf("%s by another member: %q", action, refusal)
		}
	}
	if n := len(w.slack.Calls("views.open")); n != 0 {
		t.Fatalf("a refused edit opened %d modals", n)
	}

	// The reporter edits.
	editClick := w.click(member, "incident.edit", id)
	v := w.nthView(1)
	if v.callback != "incident.modal.edit" || !strings.Contains(v.raw, `"initial_value":"shouted at Anna"`) ||
		!strings.Contains(v.raw, `"initial_option":{"text":{"type":"plain_text","text":"Disrespect to staff"`) {
		t.Fatalf("edit modal not prefilled:\n%s", v.raw)
	}
	twoDaysAgo := w.today().AddDate(0, 0, -2)
	if ack := w.submit(member, v, "V0EDIT", "h1", incidentValues(globex, "threats", "high", twoDaysAgo, "shouted at Anna and threatened to sue", "")); ack != "" {
		t.Fatalf("edit refused: %s", ack)
	}
	replaced, _ := w.replyText(editClick)
	if !strings.Contains(replaced, "Incident #"+id+" updated: *Globex* · Threats · high severity") {
		t.Fatalf("edit reply = %q", replaced)
	}
	got := w.incidents()[0]
	if got.ClientID != globex || got.Category != "threats" || got.Severity != "high" || !got.OccurredOn.Equal(twoDaysAgo) ||
		got.Description != "shouted at Anna and threatened to sue" || got.ReportedBy != member {
		t.Fatalf("after edit: %+v", got)
	}

	// A manager deletes (the confirm dialog is Slack's, on the button).
	delText, delRaw := w.replyText(w.click(manager, "incident.delete", id))
	if delText != "Incident #"+id+" deleted." || !strings.Contains(delRaw, `"replace_original":true`) {
		t.Fatalf("delete reply = %s", delRaw)
	}
	if !w.incidents()[0].Deleted {
		t.Fatal("incident not marked deleted")
	}
	if n, _ := w.db.CountIncidents(context.Background(), teamID, globex, ledger.AllTime()); n != 0 {
		t.Fatalf("a deleted incident still counts: %d", n)
	}
	gone, _ := w.replyText(w.click(member, "incident.edit", id))
	if !strings.Contains(gone, "no longer exists") {
		t.Fatalf("editing a deleted incident: %q", gone)
	}
}

func TestIncidentHelpAndRedelivery(t *testing.T) {
	w := startLogWorld(t)
	w.addClient("Acme")
	help, _ := w.replyText(w.command(russian, "/incident", "help"))
	for _, want := range []string{"/incident [<client> <category> [low|medium|high] <what happened>]", "`late-payment` — Просрочка или неоплата", "Пример:"} {
		if !strings.Contains(help, want) {
			t.Errorf("help lacks %q:\n%s", want, help)
		}
	}
	env := w.command(member, "/incident", "Acme late invoice 42 is 60 days overdue")
	w.replyText(env)
	if err := w.slack.Redeliver(env.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.slack.WaitAck(env.ID, ackBudget); err != nil {
		t.Fatal(err)
	}
	// response_url: the help, then one reply.
	w.afterRepeat("a redelivered /incident", func() int { return len(w.incidents()) }, 1, "response_url", 2)
}

// Slack escapes &, < and > in command text; what is stored is what was
// typed, so links keep working.
func TestIncidentSlackEscapesDecoded(t *testing.T) {
	w := startLogWorld(t)
	w.addClient("Acme")
	w.replyText(w.command(member, "/incident", "Acme late R&amp;D invoice &lt;42&gt; unpaid, see https://pay.example.com/?id=42&amp;tab=history"))
	got := w.incidents()
	if len(got) != 1 || got[0].Description != "R&D invoice <42> unpaid, see https://pay.example.com/?id=42&tab=history" ||
		len(got[0].Evidence) != 1 || got[0].Evidence[0] != "https://pay.example.com/?id=42&tab=history" {
		t.Fatalf("stored %+v", got)
	}
}

// Over 100 clients the modal's client field is an external select, served
// by block_suggestion and filtered by what was typed.
func TestIncidentExternalClientSearch(t *testing.T) {
	w := startLogWorld(t)
	for i := 1; i <= 120; i++ {
		w.addClient("Client " + strconv.Itoa(i))
	}
	acme := w.addClient("Acme")
	w.command(member, "/incident", "Acme rude")
	v := w.nthView(1)
	if !strings.Contains(v.raw, `"type":"external_select"`) ||
		!strings.Contains(v.raw, `"initial_option":{"text":{"type":"plain_text","text":"Acme","emoji":false},"value":"`+strconv.FormatInt(acme, 10)+`"}`) {
		t.Fatalf("121 clients should give a preselected external select:\n%s", v.raw)
	}
	env, err := w.slack.SendInteraction(map[string]any{
		"type": "block_suggestion", "action_id": "log.client", "block_id": "client", "value": "client 11",
		"team": map[string]any{"id": teamID}, "user": map[string]any{"id": member, "team_id": teamID},
		"view": map[string]any{"id": "V0SUGGEST", "callback_id": v.callback, "private_metadata": v.metadata},
	})
	if err != nil {
		t.Fatal(err)
	}
	ack, err := w.slack.WaitAck(env.ID, ackBudget)
	if err != nil {
		t.Fatal(err)
	}
	var opts struct {
		Options []struct {
			Text struct{ Text string } `json:"text"`
		} `json:"options"`
	}
	if err := json.Unmarshal(ack.Payload, &opts); err != nil {
		t.Fatalf("suggestion ack %s: %v", ack.Payload, err)
	}
	var names []string
	for _, o := range opts.Options {
		names = append(names, o.Text.Text)
	}
	want := "Client 11 Client 110 Client 111 Client 112 Client 113 Client 114 Client 115 Client 116 Client 117 Client 118 Client 119"
	if strings.Join(names, " ") != want {
		t.Fatalf("options for “client 11” = %v", names)
	}
}
