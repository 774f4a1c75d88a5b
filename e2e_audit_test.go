package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tact-bot/tact/bot/slacktest"
	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/storage/storagetest"
)

// Every manager action lands in /tact audit with who, and before → after;
// a client's own log shows only its entries; members can't read it.
func TestAuditLogsManagerActions(t *testing.T) {
	dsn := storagetest.URL(t)
	h := startBot(t, newSlack(t), withEnv("DATABASE_URL", dsn))
	db := openDB(t, dsn)
	h.expect(manager, "/client", "add Acme", "Added")
	h.expect(manager, "/client", "add Globex", "Added")
	h.expect(manager, "/client", "revenue Acme 1000/month", "Acme")
	h.expect(manager, "/client", "revenue Acme 1200/month", "Acme")
	h.expect(manager, "/client", "cac Acme 5000", "Acme")
	h.expect(manager, "/tact", "rate support 50", "an hour costs")
	h.expect(manager, "/tact", "rate support 60", "an hour costs")
	h.expect(manager, "/tact", "dept <@"+member+"|max> support", "department is now")
	h.expect(member, "/tact", "dept me support", "department is now") // one's own: not a manager action
	h.expect(manager, "/tact", "floor 40/h", "40")
	h.expect(manager, "/client", "archive Globex", "Globex")
	h.expect(manager, "/client", "restore Globex", "Globex")

	h.expect(member, "/tact", "audit", "Only managers")
	got := h.expect(manager, "/tact", "audit",
		"<@"+manager+"> · set the revenue of *Acme*: amount: $1,000 → $1,200",
		"set the acquisition cost of *Acme*: amount: $5,000",
		"set the hourly rate of support: an hour: $50 → $60",
		"set the department of <@"+member+">: department: not set → support",
		"changed the hourly floor: amount: not set → $40",
		"changed the status of *Globex*: status: Archived → Active",
		"added the client *Acme*")
	if strings.Contains(got, "<@"+member+"> ·") {
		t.Errorf("a member's own department change is in the log:\n%s", got)
	}
	if strings.Index(got, "restore") > strings.Index(got, "added the client *Acme*") {
		t.Errorf("the log is not newest first:\n%s", got)
	}
	acme := h.expect(manager, "/tact", "audit Acme", "Audit log: Acme", "$1,000 → $1,200")
	if strings.Contains(acme, "Globex") || strings.Contains(acme, "hourly rate") {
		t.Errorf("the client's log shows other entries:\n%s", acme)
	}
	var n int
	if err := db.X().Get(&n, `SELECT count(*) FROM audit_log WHERE team_id = $1`, teamID); err != nil || n != 11 {
		t.Errorf("%d entries, %v; want 11", n, err)
	}
	if _, err := db.X().Exec(`UPDATE audit_log SET actor = 'U0FORGED'`); err == nil {
		t.Error("an audit entry was edited")
	}
	if _, err := db.X().Exec(`DELETE FROM audit_log`); err == nil {
		t.Error("an audit entry was deleted")
	}
	h.expect(russian, "/tact", "audit", "только руководители")
}

// An edited incident keeps its earlier version: the card marks it, and a
// manager's History button shows what it said, who replaced it and when.
func TestIncidentHistoryOnTheCard(t *testing.T) {
	dsn := storagetest.URL(t)
	h := startBot(t, newSlack(t), withEnv("DATABASE_URL", dsn))
	db := openDB(t, dsn)
	h.expect(manager, "/client", "add Acme", "Added")
	h.say(member, "/incident", "Acme rude shouted at Anna on the call")
	var id int64
	if err := db.X().Get(&id, `SELECT id FROM incidents WHERE team_id = $1`, teamID); err != nil {
		t.Fatal(err)
	}
	inc, err := db.Incident(context.Background(), teamID, id)
	if err != nil {
		t.Fatal(err)
	}
	edit := storage.IncidentInput{ClientID: inc.ClientID, Category: ledger.Threats, Severity: ledger.SeverityHigh,
		Description: "threatened to sue", OccurredOn: inc.OccurredOn}
	d := storage.Delivery{TeamID: teamID, UserID: manager, Key: "test-edit"}
	if _, err := db.EditIncident(context.Background(), d, id, edit, ledger.AllTime(), func(storage.Incident) error { return nil }); err != nil {
		t.Fatal(err)
	}
	card := h.expect(manager, "/client", "show Acme", "threatened to sue _(edited)_", dialogs.ActionIncidentHistory)
	if strings.Contains(card, "shouted at Anna") {
		t.Errorf("the card shows the replaced text:\n%s", card)
	}
	if got := h.say(member, "/client", "show Acme"); strings.Contains(got, dialogs.ActionIncidentHistory) {
		t.Errorf("a member was offered the history:\n%s", got)
	}
	value := strconv.FormatInt(id, 10)
	onCard := map[string]any{"container": map[string]any{"type": "message", "message_ts": "1700000000.000300", "channel_id": channel, "is_ephemeral": true}}
	got := strings.ReplaceAll(h.reply(h.clickIn(manager, dialogs.ActionIncidentHistory, value, onCard)), `\u003c`, "<")
	got = strings.ReplaceAll(got, `\u003e`, ">")
	for _, want := range []string{"earlier versions", "by <@" + manager + ">", "Disrespect to staff", "shouted at Anna on the call"} {
		if !strings.Contains(got, want) {
			t.Errorf("history lacks %q:\n%s", want, got)
		}
	}
	if got := h.reply(h.clickIn(member, dialogs.ActionIncidentHistory, value, onCard)); !strings.Contains(got, "Only managers") {
		t.Errorf("a member saw the history:\n%s", got)
	}
	h.expect(manager, "/tact", "audit Acme", "edited incident #"+value+" of *Acme*: category: Disrespect to staff → Threats")
}

// /client erase: the manager types the name to confirm; the client's texts
// and name are gone, it can't be restored, and the log says so by number.
func TestEraseClientThroughSlack(t *testing.T) {
	dsn := storagetest.URL(t)
	h := startBot(t, newSlack(t), withEnv("DATABASE_URL", dsn))
	db := openDB(t, dsn)
	h.expect(manager, "/client", "add Zorblatt", "Added")
	h.say(member, "/incident", "Zorblatt rude Zorblatt's boss shouted at Anna")
	h.expect(member, "/client", "erase Zorblatt", "Only managers")
	before := len(okCalls(h.slack, "views.open"))
	h.command(manager, "/client", "erase Zorblatt")
	h.waitFor("the erase modal", func() bool { return len(okCalls(h.slack, "views.open")) > before })
	ids := h.slack.OpenedViews()
	v := parseImportView(t, ids[len(ids)-1], okCalls(h.slack, "views.open")[before].Params["view"])
	if got := v.words(t); !strings.Contains(got, "can't be restored") || !strings.Contains(got, "Type the client's name to confirm: Zorblatt") {
		t.Errorf("erase modal:\n%s", got)
	}
	name := func(s string) map[string]map[string]any {
		return map[string]map[string]any{dialogs.BlockEraseName: {dialogs.ActionEraseName: typed(s)}}
	}
	_, ack := h.sendSubmission(manager, v.id, "h1", v.body.CallbackID, v.body.PrivateMetadata, name("Zorblat"))
	if !strings.Contains(string(ack.Payload), "That isn't the client's name") {
		t.Fatalf("a wrong name was accepted: %s", ack.Payload)
	}
	_, ack = h.sendSubmission(manager, v.id, "h2", v.body.CallbackID, v.body.PrivateMetadata, name("zorblatt"))
	if !strings.Contains(string(ack.Payload), "Erased. The client is now *erased-") {
		t.Fatalf("erasure ack: %s", ack.Payload)
	}
	var left int
	if err := db.X().Get(&left, `SELECT count(*) FROM clients c JOIN incidents i ON i.client_id = c.id
		WHERE c.name ILIKE '%zorblatt%' OR i.description ILIKE '%zorblatt%'`); err != nil || left != 0 {
		t.Errorf("%d rows still name the client, %v", left, err)
	}
	var id int64
	if err := db.X().Get(&id, `SELECT id FROM clients WHERE erased_at IS NOT NULL`); err != nil {
		t.Fatal(err)
	}
	label := "erased-" + strconv.FormatInt(id, 10)
	h.expect(manager, "/client", "restore "+label, "can't be restored")
	h.expect(manager, "/tact", "audit", "erased the client *"+label+"*: figures too: no")
}

// /tact retention sets, shows and clears how long incident texts are kept.
func TestRetentionCommand(t *testing.T) {
	h := startBot(t, newSlack(t))
	h.expect(manager, "/tact", "retention", "kept forever")
	h.expect(manager, "/tact", "retention 0", "from 1 to 120")
	h.expect(manager, "/tact", "retention 24", "now kept for 24 months")
	h.expect(manager, "/tact", "retention", "kept for 24 months")
	h.expect(member, "/tact", "retention 1", "Only managers")
	h.expect(russian, "/tact", "retention", "только руководители")
	h.expect(manager, "/tact", "retention forever", "now kept forever")
	h.expect(manager, "/tact", "audit", "changed the retention of incident texts: kept: 24 months → forever",
		"changed the retention of incident texts: kept: forever → 24 months")
}

// /client export puts CSV files in the manager's DM whose hours add up to
// the card's; formulas are neutralised; a large /tact export comes zipped.
func TestExportToTheDM(t *testing.T) {
	dsn := storagetest.URL(t)
	h := startBot(t, newSlack(t), withEnv("DATABASE_URL", dsn))
	db := openDB(t, dsn)
	h.expect(manager, "/client", "add Acme", "Added")
	h.expect(manager, "/client", "add Globex", "Added")
	h.expect(manager, "/tact", "rate support 50", "an hour costs")
	h.expect(manager, "/tact", "dept me support", "department is now")
	h.say(manager, "/hours", "Acme 1h30m support call")
	h.say(manager, "/hours", "Acme 45m support review")
	h.say(manager, "/hours", "Globex 2h support")
	h.say(member, "/incident", "Acme rude =HYPERLINK(\"x\") shouted")
	h.expect(manager, "/client", "show Acme", "2 h 15 min")

	h.expect(member, "/client", "export Acme", "Only managers")
	h.expect(manager, "/client", "export Acme", "in your DM")
	var files []slacktest.UploadedFile
	h.waitFor("the export's files", func() bool { files = h.slack.UploadedFiles(); return len(files) == 7 })
	byName := map[string]string{}
	for _, f := range files {
		byName[f.Name] = string(f.Data)
		if !strings.HasPrefix(f.Channel, "D") {
			t.Errorf("%s shared in %q, not a DM", f.Name, f.Channel)
		}
	}
	rows, err := csv.NewReader(strings.NewReader(byName["hours.csv"])).ReadAll()
	if err != nil || len(rows) != 3 {
		t.Fatalf("hours.csv: %d rows, %v\n%s", len(rows), err, byName["hours.csv"])
	}
	col := slices.Index(rows[0], "minutes")
	sum := 0
	for _, r := range rows[1:] {
		n, _ := strconv.Atoi(r[col])
		sum += n
		if r[slices.Index(rows[0], "client")] != "Acme" {
			t.Errorf("another client's hours in Acme's export: %v", r)
		}
	}
	if sum != 135 {
		t.Errorf("exported minutes %d; the card says 2 h 15 min", sum)
	}
	if !strings.Contains(byName["incidents.csv"], `'=HYPERLINK`) {
		t.Errorf("the formula is not neutralised:\n%s", byName["incidents.csv"])
	}
	for name, data := range byName {
		if strings.Contains(strings.ToLower(data), "strain") || strings.Contains(data, "voter") {
			t.Errorf("%s holds strain data", name)
		}
	}
	if !slices.ContainsFunc(posts(h.slack, files[0].Channel), func(c slacktest.Call) bool {
		return strings.Contains(c.Params["text"], "Export of Acme") && strings.Contains(c.Params["text"], "hours.csv (2 rows)")
	}) {
		t.Error("no summary of the export in the DM")
	}

	// A workspace of 30,000 entries: one zip of the seven files.
	if _, err := db.X().Exec(`INSERT INTO time_entries (team_id, client_id, user_id, department_id, minutes, worked_on, note)
		SELECT $1, c.id, 'U0X', d.id, 30, DATE '2026-01-01' + (g % 300), repeat('long note ', 5)
		FROM generate_series(1, 30000) g, clients c, departments d WHERE c.team_id = $1 AND c.name = 'Globex' AND d.team_id = $1`, teamID); err != nil {
		t.Fatal(err)
	}
	h.expect(manager, "/tact", "export", "in your DM")
	h.waitFor("the zip", func() bool { return len(h.slack.UploadedFiles()) == 8 })
	z := h.slack.UploadedFiles()[7]
	zr, err := zip.NewReader(bytes.NewReader(z.Data), int64(len(z.Data)))
	if err != nil || !strings.HasSuffix(z.Name, ".zip") || len(zr.File) != 7 {
		t.Fatalf("zip %s: %v", z.Name, err)
	}
	h.expect(manager, "/tact", "audit", "exported the workspace's data", "exported the data of *Acme*")
}

// `tact export` writes the same files for an operator, into a folder.
func TestExportCommandLine(t *testing.T) {
	dsn := storagetest.URL(t)
	env := map[string]string{"DATABASE_URL": dsn, "LOG_LEVEL": "warn"}
	getenv := func(k string) string { return env[k] }
	var out, errs bytes.Buffer
	if err := run(context.Background(), []string{"demo"}, getenv, &out, &errs, options{}); err != nil {
		t.Fatalf("tact demo: %v\n%s", err, errs.String())
	}
	dir := t.TempDir()
	out.Reset()
	if err := run(context.Background(), []string{"export", "--out", dir}, getenv, &out, &errs, options{}); err != nil {
		t.Fatalf("tact export: %v\n%s", err, errs.String())
	}
	data, err := os.ReadFile(filepath.Join(dir, "hours.csv"))
	if err != nil || bytes.Count(data, []byte("\n")) < 10 || !strings.Contains(out.String(), "hours.csv") {
		t.Fatalf("hours.csv: %d bytes, %v; printed %s", len(data), err, out.String())
	}
	db := openDB(t, dsn)
	var minutes int
	if err := db.X().Get(&minutes, `SELECT SUM(minutes) FROM time_entries WHERE deleted_at IS NULL`); err != nil {
		t.Fatal(err)
	}
	rows, _ := csv.NewReader(bytes.NewReader(data)).ReadAll()
	col, sum := slices.Index(rows[0], "minutes"), 0
	for _, r := range rows[1:] {
		n, _ := strconv.Atoi(r[col])
		sum += n
	}
	if sum != minutes {
		t.Errorf("exported %d minutes of %d", sum, minutes)
	}
	if err := run(context.Background(), []string{"export"}, getenv, &out, &errs, options{}); err == nil || !strings.Contains(err.Error(), "--out") {
		t.Errorf("export without --out: %v", err)
	}
}

// app_uninstalled stops the workspace's jobs (nothing more is posted) and
// keeps its data; a start with a working token installs it again. Once the
// retention has passed, the nightly job erases the workspace's data.
func TestUninstallStopsJobsAndLaterErases(t *testing.T) {
	srv := newSlack(t)
	dsn := storagetest.URL(t)
	spec := dailyAt(time.Now().Add(-30 * time.Minute))
	db := openDB(t, dsn)
	seedDigest(t, db, dueWeek(t, spec))
	h := startBot(t, srv, withEnv("DATABASE_URL", dsn))
	if _, err := srv.SendEvent(teamID, map[string]any{"type": "app_uninstalled"}); err != nil {
		t.Fatal(err)
	}
	h.waitFor("the uninstall", func() bool {
		_, gone, err := db.UninstalledSince(context.Background(), teamID)
		return err == nil && gone
	})
	replica := digestReplica(t, srv, dsn, spec)
	if err := replica.job(t, "digest").Run(context.Background(), time.Now()); err != nil {
		t.Fatal(err)
	}
	if n := len(channelPosts(srv)); n != 0 {
		t.Fatalf("an uninstalled workspace got %d digests", n)
	}
	var clients int
	if err := db.X().Get(&clients, `SELECT count(*) FROM clients WHERE team_id = $1`, teamID); err != nil || clients == 0 {
		t.Fatalf("the data went at once: %d clients, %v", clients, err)
	}
	// Retention of 1 month, uninstalled 2 months ago: tonight it all goes.
	if _, err := db.SetRetention(context.Background(), storage.Delivery{TeamID: teamID, UserID: manager, Key: "r"}, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := db.X().Exec(`UPDATE workspace_installs SET uninstalled_at = now() - interval '2 months'`); err != nil {
		t.Fatal(err)
	}
	if err := replica.job(t, "retention").Run(context.Background(), time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := db.X().Get(&clients, `SELECT count(*) FROM clients WHERE team_id = $1`, teamID); err != nil || clients != 0 {
		t.Errorf("after the retention: %d clients, %v", clients, err)
	}

	// Installed again: a new start with a working token.
	h.shutdown()
	startBot(t, srv, withEnv("DATABASE_URL", dsn))
	if _, gone, err := db.UninstalledSince(context.Background(), teamID); err != nil || gone {
		t.Errorf("still uninstalled after a start: %v, %v", gone, err)
	}
}
