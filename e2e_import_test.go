package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tact-bot/tact/bot/slacktest"
	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/storage/storagetest"
)

// People the exports name, as Slack knows them.
const (
	anna = "U0ANNA"
	mark = "U0MARK"
)

type importWorld struct {
	*harness
	db *storage.DB
	as string // the manager who imports
}

func startImportWorld(t *testing.T, hopts ...harnessOption) *importWorld {
	t.Helper()
	opts := slackOptions()
	opts.Users[anna] = slacktest.User{ID: anna, TeamID: teamID, Name: "anna", RealName: "Anna Petrova", Email: "anna@example.com", Locale: "en-US"}
	opts.Users[mark] = slacktest.User{ID: mark, TeamID: teamID, Name: "mark", RealName: "Mark Lee", Email: "mark@example.com", Locale: "en-US"}
	dsn := storagetest.URL(t)
	h := startBot(t, startSlack(t, opts), append([]harnessOption{withEnv("DATABASE_URL", dsn)}, hopts...)...)
	return &importWorld{harness: h, db: openDB(t, dsn), as: manager}
}

// importView is a modal of the import as Slack last showed it.
type importView struct {
	id   string
	body struct {
		CallbackID      string          `json:"callback_id"`
		PrivateMetadata string          `json:"private_metadata"`
		Submit          json.RawMessage `json:"submit"`
		Blocks          json.RawMessage `json:"blocks"`
	}
	raw string
}

func (v *importView) words(t *testing.T) string { return words(t, v.raw) }

func parseImportView(t *testing.T, id, raw string) *importView {
	t.Helper()
	v := &importView{id: id, raw: raw}
	if err := json.Unmarshal([]byte(raw), &v.body); err != nil {
		t.Fatalf("view: %v\n%s", err, raw)
	}
	for _, e := range slacktest.CheckView(json.RawMessage(raw)) {
		t.Errorf("view %s: %v", v.body.CallbackID, e)
	}
	return v
}

// start runs /tact import and returns the start modal.
func (w *importWorld) start(user string) *importView {
	w.t.Helper()
	before := len(okCalls(w.slack, "views.open"))
	w.command(user, "/tact", "import")
	w.waitFor("the import modal", func() bool { return len(okCalls(w.slack, "views.open")) > before })
	c := okCalls(w.slack, "views.open")[before]
	ids := w.slack.OpenedViews()
	return parseImportView(w.t, ids[len(ids)-1], c.Params["view"])
}

// submit sends v's state and returns the view the bot shows after its
// ack: the first views.update of that view whose callback is want.
func (w *importWorld) submit(user string, v *importView, values map[string]map[string]any, want string) *importView {
	w.t.Helper()
	sent := time.Now()
	_, ack := w.sendSubmission(user, v.id, "h-"+fmt.Sprint(sent.UnixNano()), v.body.CallbackID, v.body.PrivateMetadata, values)
	if ack.Latency > ackBudget {
		w.t.Fatalf("submission acked after %s", ack.Latency)
	}
	var found *importView
	w.waitFor("the view "+want, func() bool {
		for _, c := range okCalls(w.slack, "views.update") {
			if c.At.Before(sent) || c.Params["view_id"] != v.id {
				continue
			}
			u := parseImportView(w.t, v.id, c.Params["view"])
			progress := strings.Contains(u.raw, "Reading *") || strings.Contains(u.raw, "Importing")
			if !progress && (want == "" || u.body.CallbackID == want) {
				found = u
				return true
			}
		}
		return false
	})
	return found
}

func (w *importWorld) upload(name, data string) string {
	return w.slack.AddFile(slacktest.File{Name: name, User: manager, Data: []byte(data)})
}

// preview uploads a file through the modal and returns the preview (or
// the view saying what is wrong).
func (w *importWorld) preview(name, data, kind string) *importView {
	w.t.Helper()
	id := w.upload(name, data)
	v := w.start(w.as)
	return w.submit(w.as, v, map[string]map[string]any{
		dialogs.BlockImportKind: {dialogs.ActionImportKind: radio(kind)},
		dialogs.BlockImportFile: {dialogs.ActionImportFile: w.slack.FileInputValue(id)},
	}, "")
}

func radio(v string) map[string]any {
	return map[string]any{"type": "radio_buttons", "selected_option": map[string]any{"value": v}}
}

// confirm submits a preview with the given choices and returns the summary
// message posted in channel.
func (w *importWorld) confirm(v *importView, choices map[string]string, where string) string {
	w.t.Helper()
	values := map[string]map[string]any{}
	for block, value := range choices {
		values[block] = map[string]any{dialogs.ActionImportChoice: selected(value)}
	}
	before := len(posts(w.slack, where))
	w.submit(w.as, v, values, dialogs.CallbackImportStatus)
	w.waitFor("the import summary", func() bool { return len(posts(w.slack, where)) > before })
	return words(w.t, posts(w.slack, where)[before].Params["blocks"])
}

func posts(srv *slacktest.Server, ch string) []slacktest.Call {
	var out []slacktest.Call
	for _, c := range okCalls(srv, "chat.postMessage") {
		if c.Params["channel"] == ch {
			out = append(out, c)
		}
	}
	return out
}

var shortID = regexp.MustCompile("Import `([a-z0-9]{6})`")

func importID(t *testing.T, summary string) string {
	t.Helper()
	m := shortID.FindStringSubmatch(summary)
	if m == nil {
		t.Fatalf("no import id in the summary:\n%s", summary)
	}
	return m[1]
}

// harvestCSV is a Harvest detailed time report with the given rows
// (date, client, task, notes, hours, first, last).
func harvestCSV(rows ...[7]string) string {
	var b strings.Builder
	b.WriteString("Date,Client,Project,Project Code,Task,Notes,Hours,Hours Rounded,Billable?,Invoiced?,Approved?,First Name,Last Name,Roles,Employee?,Billable Rate,Billable Amount,Cost Rate,Cost Amount,Currency,External Reference URL\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "%s,%s,Retainer,R-1,%s,%s,%s,%s,Yes,No,Yes,%s,%s,Developer,Yes,100.00,0,50.00,0,US Dollar - USD,\n",
			r[0], r[1], r[2], r[3], r[4], r[4], r[5], r[6])
	}
	return b.String()
}

func importedMinutes(t *testing.T, db *storage.DB) (rows, minutes int) {
	t.Helper()
	if err := db.X().QueryRowx(`SELECT COUNT(*), COALESCE(SUM(minutes), 0) FROM time_entries
		WHERE team_id = $1 AND import_id IS NOT NULL AND deleted_at IS NULL`, teamID).Scan(&rows, &minutes); err != nil {
		t.Fatal(err)
	}
	return rows, minutes
}

// A Harvest report through the modal: the preview's figures, an unknown
// client mapped, a person given a department, the card at the right cost
// (imported days before the first rate costed at it); the same file again
// adds nothing, an overlapping export only its new row, Undo exactly its
// own rows, and a member is refused.
func TestImportHarvestThroughTheModal(t *testing.T) {
	w := startImportWorld(t)
	w.expect(manager, "/client", "add Acme", "Added")
	w.expect(manager, "/tact", "rate dev 60", "an hour costs $60")
	w.expect(manager, "/tact", "rate pm 40", "an hour costs $40")
	w.expect(manager, "/tact", "dept <@"+anna+"|anna> dev", "department is now")
	w.expect(member, "/tact", "import", "Only managers")

	// Last week's Monday to Thursday: all before the rates, set today.
	last := digest.WeekOf(time.Now(), time.UTC).Prev()
	day := func(k int) string { return last.Start.AddDate(0, 0, k).Format(time.DateOnly) }
	rows := [][7]string{
		{day(0), "Acme Corp", "Development", "Checkout bug", "1.5", "Anna", "Petrova"},
		{day(1), "Acme Corp", "Development", "=HYPERLINK(\"x\")", "2", "Anna", "Petrova"},
		{day(2), "Acme Corp", "Project Management", "Weekly call", "1", "Mark", "Lee"},
		{day(3), "Umbrella", "Development", "Audit", "0.5", "Anna", "Petrova"},
		{day(3), "Acme Corp", "Development", "Broken", "abc", "Anna", "Petrova"},
	}
	file := harvestCSV(rows...)
	v := w.preview("harvest.csv", file, "hours")
	got := v.words(t)
	for _, want := range []string{"Harvest time report", "5 rows read, 3 rows to import", "4 hours in all", "Is “Acme Corp” (3 rows) one of your clients?",
		"“Umbrella” (1 row) is a new client", "Mark Lee (1 row) has no department yet", "line 6, Hours “abc”: not a duration",
		"Anna Petrova → <@" + anna + ">, dev"} {
		if !strings.Contains(got, want) {
			t.Errorf("preview lacks %q:\n%s", want, got)
		}
	}
	if n, _ := importedMinutes(t, w.db); n != 0 {
		t.Fatalf("the preview wrote %d rows", n)
	}
	acme := clientID(t, w.db, "Acme")
	summary := w.confirm(v, map[string]string{"ic:acme corp": fmt.Sprintf("c:%d", acme), "ip:mark lee": "d:pm", "ic:umbrella": "new"}, channel)
	for _, want := range []string{"Imported *harvest.csv*", "4 rows added", "1 row was left out", "1 new client was created", "Undo import"} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary lacks %q:\n%s", want, summary)
		}
	}
	first := importID(t, summary)
	if n, m := importedMinutes(t, w.db); n != 4 || m != 300 {
		t.Fatalf("imported %d rows, %d minutes; want 4, 300", n, m)
	}
	// 3.5 h of dev at $60 and 1 h of pm at $40, all before the rates' day.
	w.expect(manager, "/client", "show Acme", "$250", "Imported hours from before a department's first rate are costed at that rate: dev at $60 an hour")
	if got := w.say(manager, "/digest", "last"); !strings.Contains(got, "*Acme*") || !strings.Contains(got, "$250 to serve") {
		t.Errorf("the digest doesn't show Acme's imported hours at $250:\n%s", got)
	}

	again := w.confirm(w.preview("harvest.csv", file, "hours"), map[string]string{"ip:mark lee": "d:pm"}, channel)
	if !strings.Contains(again, "0 rows added") || !strings.Contains(again, "4 rows were already there") {
		t.Errorf("the same file again:\n%s", again)
	}
	overlap := harvestCSV(rows[0], rows[1], [7]string{day(4), "Acme Corp", "Development", "Review", "0.25", "Anna", "Petrova"})
	over := w.confirm(w.preview("harvest-2.csv", overlap, "hours"), nil, channel)
	if !strings.Contains(over, "1 row added") || !strings.Contains(over, "2 rows were already there") {
		t.Errorf("overlapping export:\n%s", over)
	}
	if n, m := importedMinutes(t, w.db); n != 5 || m != 315 {
		t.Fatalf("after the overlap: %d rows, %d minutes; want 5, 315", n, m)
	}

	w.clickIn(member, dialogs.ActionImportUndo, first, nil)
	w.clickIn(manager, dialogs.ActionImportUndo, first, nil)
	w.waitFor("the undo", func() bool { n, _ := importedMinutes(t, w.db); return n == 1 })
	if _, m := importedMinutes(t, w.db); m != 15 {
		t.Errorf("after undo %d minutes; want the overlap's 15", m)
	}
	w.expect(manager, "/tact", "import undo "+first, "already undone")
	w.expect(manager, "/tact", "import undo zzzzzz", "There's no import `zzzzzz`")
	var note string
	if err := w.db.X().Get(&note, `SELECT note FROM time_entries WHERE note LIKE '=HYP%'`); err != nil || note != `=HYPERLINK("x")` {
		t.Errorf("formula note stored as %q, %v", note, err)
	}
}

func clientID(t *testing.T, db *storage.DB, name string) int64 {
	t.Helper()
	var id int64
	if err := db.X().Get(&id, `SELECT id FROM clients WHERE team_id = $1 AND name = $2`, teamID, name); err != nil {
		t.Fatal(err)
	}
	return id
}

// Every sample export is recognised through Slack, with its figures.
func TestImportPreviewsEverySample(t *testing.T) {
	w := startImportWorld(t)
	w.expect(manager, "/tact", "rate development 50", "an hour costs")
	w.expect(manager, "/tact", "dept <@"+anna+"|anna> development", "department is now")
	for _, tt := range []struct {
		file, kind string
		wants      []string
	}{
		{"harvest.csv", "hours", []string{"Harvest time report", "4 rows read"}},
		{"toggl.csv", "hours", []string{"Toggl Track detailed report", "3 rows read", "Anna Petrova → <@" + anna + ">, development", "Mark Lee (1 row) has no department yet"}},
		{"clockify.csv", "hours", []string{"Clockify detailed report", "3 rows read"}},
		{"xero_invoices.csv", "invoices", []string{"Xero invoice export", "2 rows read, 2 rows to import", "$6,700 invoiced, $4,200 still owed"}},
		{"quickbooks_invoices.csv", "invoices", []string{"QuickBooks Online invoice list", "2 rows read"}},
		{"stripe_invoices.csv", "invoices", []string{"Stripe invoices export", "2 rows read, 2 rows to import"}},
	} {
		data, err := os.ReadFile(filepath.Join("imports", "testdata", tt.file))
		if err != nil {
			t.Fatal(err)
		}
		got := w.preview(tt.file, string(data), tt.kind).words(t)
		for _, want := range tt.wants {
			if !strings.Contains(got, want) {
				t.Errorf("%s: preview lacks %q:\n%s", tt.file, want, got)
			}
		}
	}
}

// What is not an importable file is answered with what is wrong, and
// nothing is written.
func TestImportBadFilesChangeNothing(t *testing.T) {
	w := startImportWorld(t)
	for _, tt := range []struct {
		name, data, kind, want string
	}{
		{"photo.csv", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "hours", "isn't a CSV file"},
		{"empty.csv", "", "hours", "has no rows"},
		{"invoices.csv", "id,Amount Due,Amount Remaining,Customer Name,Date (UTC),Total\nin_1,1,0,Acme,2026-01-01,1\n", "hours", "is a Stripe invoices export: choose *Invoices*"},
		{"bad.csv", harvestCSV([7]string{"31/31/2026", "Acme", "Dev", "x", "1", "A", "B"}), "hours", "line 2, Date “31/31/2026”: not a date"},
	} {
		v := w.preview(tt.name, tt.data, tt.kind)
		if got := v.words(t); !strings.Contains(got, tt.want) {
			t.Errorf("%s: view lacks %q:\n%s", tt.name, tt.want, got)
		}
		if len(v.body.Submit) != 0 && string(v.body.Submit) != "null" {
			t.Errorf("%s: a file with nothing to import can be confirmed", tt.name)
		}
	}
	// Above 100 MB: refused from what Slack says of it, before any download.
	big := w.slack.AddFile(slacktest.File{Name: "year.csv", User: manager, Data: []byte("x"), Size: 101 << 20})
	v := w.submit(manager, w.start(manager), map[string]map[string]any{
		dialogs.BlockImportKind: {dialogs.ActionImportKind: radio("hours")},
		dialogs.BlockImportFile: {dialogs.ActionImportFile: w.slack.FileInputValue(big)},
	}, dialogs.CallbackImportStatus)
	if got := v.words(t); !strings.Contains(got, "*year.csv* is larger than 100 MB") {
		t.Errorf("a 101 MB file:\n%s", got)
	}
	if n := len(w.slack.Calls(slacktest.MethodDownload)); n != 4 {
		t.Errorf("%d downloads; want one per earlier file and none for the large one", n)
	}
	// A file deleted between the preview and the confirmation.
	id := w.upload("gone.csv", harvestCSV([7]string{"2026-11-02", "Acme", "Dev", "x", "1", "Anna", "Petrova"}))
	v = w.submit(manager, w.start(manager), map[string]map[string]any{
		dialogs.BlockImportKind: {dialogs.ActionImportKind: radio("hours")},
		dialogs.BlockImportFile: {dialogs.ActionImportFile: w.slack.FileInputValue(id)},
	}, dialogs.CallbackImportPreview)
	w.slack.DeleteFile(id)
	done := w.submit(manager, v, nil, dialogs.CallbackImportStatus)
	if got := done.words(t); !strings.Contains(got, "is no longer in Slack") {
		t.Errorf("deleted file:\n%s", got)
	}
	var n int
	if err := w.db.X().Get(&n, `SELECT (SELECT COUNT(*) FROM time_entries) + (SELECT COUNT(*) FROM imports) + (SELECT COUNT(*) FROM clients)`); err != nil || n != 0 {
		t.Errorf("bad files wrote %d rows, %v", n, err)
	}
}

// A CSV dropped into the DM: the bot offers the import; its button opens
// the same flow with the file, and the summary comes back in the DM.
func TestImportFromTheDM(t *testing.T) {
	w := startImportWorld(t)
	w.expect(manager, "/tact", "rate development 50", "an hour costs")
	w.expect(manager, "/tact", "dept <@"+anna+"|anna> development", "department is now")
	data, err := os.ReadFile(filepath.Join("imports", "testdata", "toggl.csv"))
	if err != nil {
		t.Fatal(err)
	}
	id := w.slack.AddFile(slacktest.File{Name: "toggl.csv", User: manager, Data: data})
	if _, err := w.slack.ShareFileInDM(member, "", w.slack.AddFile(slacktest.File{Name: "x.csv", User: member, Data: data})); err != nil {
		t.Fatal(err)
	}
	if _, err := w.slack.ShareFileInDM(manager, "", id); err != nil {
		t.Fatal(err)
	}
	var offer, refusal slacktest.Call
	w.waitFor("the offers", func() bool {
		for _, c := range okCalls(w.slack, "chat.postMessage") {
			switch {
			case strings.Contains(c.Params["blocks"], dialogs.ActionImportFromDM):
				offer = c
			case strings.Contains(c.Params["text"], "Only managers"):
				refusal = c
			}
		}
		return offer.Method != "" && refusal.Method != ""
	})
	dm := offer.Params["channel"]
	if !strings.HasPrefix(dm, "D") || refusal.Params["channel"] == dm {
		t.Fatalf("offer in %q, refusal in %q", dm, refusal.Params["channel"])
	}
	var msg struct {
		Blocks []struct {
			Elements []struct {
				ActionID string `json:"action_id"`
				Value    string `json:"value"`
			} `json:"elements"`
		} `json:"blocks"`
	}
	_ = json.Unmarshal([]byte(`{"blocks":`+offer.Params["blocks"]+`}`), &msg)
	value := msg.Blocks[len(msg.Blocks)-1].Elements[0].Value
	before := len(okCalls(w.slack, "views.open"))
	w.clickIn(manager, dialogs.ActionImportFromDM, value, map[string]any{"channel": map[string]any{"id": dm}})
	w.waitFor("the import modal", func() bool { return len(okCalls(w.slack, "views.open")) > before })
	ids := w.slack.OpenedViews()
	start := parseImportView(t, ids[len(ids)-1], okCalls(w.slack, "views.open")[before].Params["view"])
	if got := start.words(t); !strings.Contains(got, "File: *toggl.csv*") {
		t.Errorf("start modal from the DM:\n%s", got)
	}
	preview := w.submit(manager, start, map[string]map[string]any{dialogs.BlockImportKind: {dialogs.ActionImportKind: radio("hours")}},
		dialogs.CallbackImportPreview)
	summary := w.confirm(preview, nil, dm)
	if !strings.Contains(summary, "Imported *toggl.csv*") {
		t.Errorf("summary in the DM:\n%s", summary)
	}
	if n, _ := importedMinutes(t, w.db); n == 0 {
		t.Error("nothing imported from the DM")
	}
}

// Invoices become money facts: the card shows what was billed and is
// owed beside the recurring revenue, and the digest's payment signal
// reads the overdue invoice; a later export with it paid clears it.
func TestImportInvoicesAsMoneyFacts(t *testing.T) {
	w := startImportWorld(t)
	w.expect(manager, "/client", "add Acme", "Added")
	w.expect(manager, "/client", "revenue Acme 3000/month", "Acme")
	today := ledger.DayIn(time.Now(), time.UTC)
	d := func(back int) string { return today.AddDate(0, 0, -back).Format("02/01/2006") }
	xero := func(owed string) string {
		return "*ContactName,EmailAddress,*InvoiceNumber,Reference,*InvoiceDate,*DueDate,Total,InvoiceAmountPaid,InvoiceAmountDue,Currency,Status\n" +
			"Acme,billing@acme.example,INV-1," + "Retainer," + d(20) + "," + d(6) + ",\"4,200.00\",0.00," + owed + ",USD,AUTHORISED\n" +
			"Acme,billing@acme.example,INV-2,Extra," + d(3) + "," + d(-27) + ",800.00,0.00,800.00,USD,AUTHORISED\n" +
			"Acme,billing@acme.example,INV-3,Old," + d(3) + "," + d(-27) + ",100.00,0.00,100.00,EUR,AUTHORISED\n"
	}
	v := w.preview("xero.csv", xero("\"4,200.00\""), "invoices")
	if got := v.words(t); !strings.Contains(got, "3 rows read, 2 rows to import") || !strings.Contains(got, "another currency than the team's") {
		t.Errorf("invoice preview:\n%s", got)
	}
	w.confirm(v, nil, channel)
	w.expect(manager, "/client", "show Acme", "Invoiced (4 weeks)", "$5,000 · $5,000 still owed")
	w.expect(manager, "/digest", "", "1 invoice past its due date. ($4,200 outstanding, 6 days late on average)")

	paid := w.confirm(w.preview("xero-later.csv", xero("0.00"), "invoices"), nil, channel)
	if !strings.Contains(paid, "1 invoice already there now shows what is still owed") {
		t.Errorf("later export:\n%s", paid)
	}
	if got := w.say(manager, "/digest", ""); strings.Contains(got, "past its due date") {
		t.Errorf("a paid invoice still flagged:\n%s", got)
	}
	w.expect(manager, "/client", "show Acme", "$5,000 · $800 still owed")
}

// A CSV of no known tool: the manager maps its columns once, the preview
// reads through the mapping, and the next file with the same columns
// needs no mapping step.
func TestImportGenericCSVWithMapping(t *testing.T) {
	w := startImportWorld(t)
	w.expect(manager, "/client", "add Acme", "Added")
	w.expect(manager, "/tact", "rate dev 60", "an hour costs")
	w.expect(manager, "/tact", "dept <@"+anna+"|anna> dev", "department is now")
	today := ledger.DayIn(time.Now(), time.UTC)
	file := func(rows ...string) string {
		return "Worker;Day;Account;Spent;Comment\n" + strings.Join(rows, "\n") + "\n"
	}
	row := func(back int, spent string) string {
		return "Anna Petrova;" + today.AddDate(0, 0, -back).Format("02/01/2006") + ";Acme;" + spent + ";work"
	}
	v := w.preview("timesheet.csv", file(row(3, "1:30"), row(2, "2")), "hours")
	if v.body.CallbackID != dialogs.CallbackImportMapping || !strings.Contains(v.words(t), "I don't know the columns of *timesheet.csv* yet") {
		t.Fatalf("no mapping step:\n%s", v.words(t))
	}
	pick := func(i string) map[string]any { return map[string]any{dialogs.ActionImportMap: selected(i)} }
	_, ack := w.sendSubmission(manager, v.id, "h-map-1", v.body.CallbackID, v.body.PrivateMetadata, map[string]map[string]any{"map:date": pick("1")})
	if !strings.Contains(string(ack.Payload), "map:client") || !strings.Contains(string(ack.Payload), "Choose the column") {
		t.Errorf("a mapping without the client was accepted: %s", ack.Payload)
	}
	preview := w.submit(manager, v, map[string]map[string]any{
		"map:date": pick("1"), "map:client": pick("2"), "map:duration": pick("3"), "map:person": pick("0"), "map:note": pick("4"),
		dialogs.BlockImportOrder: {dialogs.ActionImportOrder: radio("day")},
	}, dialogs.CallbackImportPreview)
	if got := preview.words(t); !strings.Contains(got, "CSV read through your column mapping") || !strings.Contains(got, "2 rows read, 2 rows to import") ||
		!strings.Contains(got, "3.5 hours in all") {
		t.Errorf("generic preview:\n%s", got)
	}
	summary := w.confirm(preview, nil, channel)
	if !strings.Contains(summary, "2 rows added") {
		t.Errorf("generic import:\n%s", summary)
	}
	// Next month's timesheet: same columns, straight to the preview.
	next := w.preview("timesheet-2.csv", file(row(1, "0.5")), "hours")
	if next.body.CallbackID != dialogs.CallbackImportPreview || !strings.Contains(next.words(t), "1 row read, 1 row to import") {
		t.Errorf("remembered mapping not used:\n%s", next.words(t))
	}
}

// A Russian-speaking manager gets the whole flow in Russian.
func TestImportInRussian(t *testing.T) {
	w := startImportWorld(t, withEnv("MANAGERS", manager+","+russian))
	w.as = russian
	w.expect(russian, "/tact", "rate development 50", "час")
	data, err := os.ReadFile(filepath.Join("imports", "testdata", "harvest.csv"))
	if err != nil {
		t.Fatal(err)
	}
	v := w.preview("harvest.csv", string(data), "hours")
	got := v.words(t)
	for _, want := range []string{"отчёт Harvest по времени", "прочитано — 4 строки", "Будут пропущены", "строка 5, Hours «1,234.00»: длительность не от 1 минуты до 24 часов"} {
		if !strings.Contains(got, want) {
			t.Errorf("Russian preview lacks %q:\n%s", want, got)
		}
	}
	summary := w.confirm(v, map[string]string{"ip:anna petrova": "d:development", "ip:mark lee": "skip"}, channel)
	for _, want := range []string{"Загружен файл *harvest.csv*", "добавлено — 2 строки", "Отменить загрузку"} {
		if !strings.Contains(summary, want) {
			t.Errorf("Russian summary lacks %q:\n%s", want, summary)
		}
	}
}
