package main

import (
	"strings"
	"testing"

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
