package storage_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/storage"
)

// An incident edited and deleted by someone other than its reporter is in
// the audit log, by number, with its kind and weight but never its text;
// the reporter's own edit is not a manager action.
func TestAuditIncidentsWithoutTheirText(t *testing.T) {
	ctx := context.Background()
	db, acme, _ := ihAcmeAndGlobex(t)
	in := storage.IncidentInput{ClientID: acme, Category: ledger.Disrespect, Severity: ledger.SeverityMedium,
		Description: "shouted at Anna Petrova", OccurredOn: ihDay("2026-11-13"), Source: storage.SourceCommand}
	inc, err := ihLogIncident(t, db, "cmd:a1", "U0MEMBER", in)
	if err != nil {
		t.Fatal(err)
	}
	own := in
	own.Description = "shouted at Anna Petrova twice"
	if _, err := db.EditIncident(ctx, storage.Delivery{TeamID: ihTeam, UserID: "U0MEMBER", Key: "e:0"}, inc.ID, own, ledger.AllTime(), allowAll); err != nil {
		t.Fatal(err)
	}
	edit := own
	edit.Severity, edit.Description = ledger.SeverityHigh, "threatened Anna Petrova"
	if _, err := db.EditIncident(ctx, ihDelivery("e:1"), inc.ID, edit, ledger.AllTime(), allowAll); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteIncident(ctx, ihDelivery("d:1"), inc.ID); err != nil {
		t.Fatal(err)
	}
	entries, err := db.Audit(ctx, ihTeam, acme, 10)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Change.Action)
	}
	if strings.Join(actions, ",") != "incident_delete,incident_edit" {
		t.Fatalf("entries %v", actions)
	}
	ed := entries[1].Change
	if ed.Before["severity"] != "medium" || ed.After["severity"] != "high" || ed.After["text_edited"] != true || entries[1].Actor != "U1" {
		t.Errorf("edit entry %+v by %s", ed, entries[1].Actor)
	}
	var texts int
	if err := db.X().Get(&texts, `SELECT count(*) FROM audit_log WHERE before::text LIKE '%Anna%' OR after::text LIKE '%Anna%' OR subject LIKE '%Anna%'`); err != nil || texts != 0 {
		t.Errorf("%d audit entries quote the incident, %v", texts, err)
	}
}
