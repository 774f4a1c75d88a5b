package storage_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"testing"
	"time"

	"github.com/tact-bot/tact/imports"
	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/storage/storagetest"
)

func hourRows(rows []storage.ImportRow, failAt int) iter.Seq2[storage.ImportRow, error] {
	return func(yield func(storage.ImportRow, error) bool) {
		for i, r := range rows {
			if i == failAt {
				yield(storage.ImportRow{}, errors.New("download cut"))
				return
			}
			if !yield(r, nil) {
				return
			}
		}
	}
}

func importHour(client int64, newClient, source string, minutes int, day string) storage.ImportRow {
	d, _ := time.Parse(time.DateOnly, day)
	return storage.ImportRow{ClientID: client, NewClient: newClient, UserID: "U7", Dept: "support",
		Hours: &imports.HourRow{SourceID: source, Day: d, Person: "Anna", Minutes: minutes, Note: "=SUM(A1)"}}
}

func importMinutes(t *testing.T, db *storage.DB) (n, minutes int) {
	t.Helper()
	err := db.X().QueryRowx(`SELECT COUNT(*), COALESCE(SUM(minutes), 0) FROM time_entries WHERE team_id = $1 AND deleted_at IS NULL`, ihTeam).
		Scan(&n, &minutes)
	if err != nil {
		t.Fatal(err)
	}
	return n, minutes
}

// One import is one unit: a file twice adds nothing twice, an overlapping
// export only its new rows, a failure midway nothing, undo exactly it.
func TestSaveImportHours(t *testing.T) {
	db, acme := ihSupportDB(t)
	ctx := context.Background()
	in := storage.ImportInput{Kind: imports.KindHours, Format: imports.Harvest, FileName: "h.csv", Channel: "D1",
		Choices: imports.Choices{Clients: map[string]imports.ClientChoice{"acme corp": {ClientID: acme}}}}
	first := []storage.ImportRow{importHour(acme, "", "h:1", 60, "2026-01-05"), importHour(0, "Umbrella", "h:2", 30, "2026-01-06"),
		importHour(0, "umbrella", "h:3", 15, "2026-01-07")}
	imp, err := db.SaveImport(ctx, ihDelivery("imp-1"), in, hourRows(first, -1))
	if err != nil {
		t.Fatal(err)
	}
	if imp.Added != 3 || imp.Present != 0 || imp.Created != 1 || len(imp.ShortID) != 6 {
		t.Fatalf("first import = %+v", imp)
	}
	if _, err := db.SaveImport(ctx, ihDelivery("imp-1"), in, hourRows(first, -1)); !errors.Is(err, storage.ErrAlreadyClaimed) {
		t.Fatalf("redelivered confirmation: %v", err)
	}
	again, err := db.SaveImport(ctx, ihDelivery("imp-2"), in, hourRows(first, -1))
	if err != nil || again.Added != 0 || again.Present != 3 {
		t.Fatalf("same file again = %+v, %v", again, err)
	}
	overlap := append(first[1:], importHour(acme, "", "h:4", 45, "2026-01-08"))
	over, err := db.SaveImport(ctx, ihDelivery("imp-3"), in, hourRows(overlap, -1))
	if err != nil || over.Added != 1 || over.Present != 2 {
		t.Fatalf("overlapping export = %+v, %v", over, err)
	}
	if n, m := importMinutes(t, db); n != 4 || m != 150 {
		t.Fatalf("stored %d rows, %d minutes; want 4, 150", n, m)
	}
	broken := []storage.ImportRow{importHour(acme, "", "h:5", 60, "2026-01-09"), importHour(0, "Hooli", "h:6", 60, "2026-01-09")}
	if _, err := db.SaveImport(ctx, ihDelivery("imp-4"), in, hourRows(broken, 1)); err == nil {
		t.Fatal("a cut download imported")
	}
	var hooli, imps int
	mustGet(t, db, &hooli, `SELECT COUNT(*) FROM clients WHERE name = 'Hooli'`)
	mustGet(t, db, &imps, `SELECT COUNT(*) FROM imports`)
	if n, _ := importMinutes(t, db); n != 4 || hooli != 0 || imps != 3 {
		t.Fatalf("after a failed import: %d rows, Hooli %d, imports %d", n, hooli, imps)
	}
	var note string
	mustGet(t, db, &note, `SELECT note FROM time_entries WHERE source_id = 'h:1'`)
	if note != "=SUM(A1)" {
		t.Errorf("formula note stored as %q", note)
	}

	got, err := db.ImportByShortID(ctx, ihTeam, over.ShortID)
	if err != nil || got.ID != over.ID || got.Added != 1 || got.Present != 2 {
		t.Fatalf("ImportByShortID = %+v, %v", got, err)
	}
	removed, err := db.UndoImport(ctx, ihDelivery("undo-1"), imp.ID)
	if err != nil || removed != 3 {
		t.Fatalf("undo = %d, %v", removed, err)
	}
	if n, m := importMinutes(t, db); n != 1 || m != 45 {
		t.Errorf("after undo: %d rows, %d minutes; want the overlapping import's 1, 45", n, m)
	}
	if _, err := db.UndoImport(ctx, ihDelivery("undo-2"), imp.ID); !errors.Is(err, storage.ErrAlreadyClaimed) {
		t.Errorf("second undo: %v", err)
	}
	// Undone rows can come back with a new import.
	back, err := db.SaveImport(ctx, ihDelivery("imp-5"), in, hourRows(first, -1))
	if err != nil || back.Added != 3 {
		t.Errorf("re-import after undo = %+v, %v", back, err)
	}
	choices, err := db.ImportChoices(ctx, ihTeam)
	if err != nil || choices.Clients["acme corp"].ClientID != acme {
		t.Errorf("remembered choices = %+v, %v", choices, err)
	}
}

// Invoices: added once; a later export with the amount now paid updates
// what is outstanding instead of adding it again.
func TestSaveImportInvoices(t *testing.T) {
	db := storagetest.New(t)
	acme := ihClient(t, db, ihTeam, "Acme")
	ctx := context.Background()
	inv := func(source string, total, due int64) storage.ImportRow {
		return storage.ImportRow{ClientID: acme, Invoice: &imports.InvoiceRow{SourceID: source, Number: source, AmountMinor: total,
			Outstanding: due, Issued: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), Due: time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC)}}
	}
	in := storage.ImportInput{Kind: imports.KindInvoices, Format: imports.Xero, FileName: "x.csv", Channel: "D1"}
	imp, err := db.SaveImport(ctx, ihDelivery("inv-1"), in, hourRows([]storage.ImportRow{inv("x:1", 420000, 420000), inv("x:2", 1000, 0)}, -1))
	if err != nil || imp.Added != 2 {
		t.Fatalf("invoices = %+v, %v", imp, err)
	}
	later, err := db.SaveImport(ctx, ihDelivery("inv-2"), in, hourRows([]storage.ImportRow{inv("x:1", 420000, 0), inv("x:2", 1000, 0)}, -1))
	if err != nil || later.Added != 0 || later.Updated != 1 || later.Present != 2 {
		t.Fatalf("later export = %+v, %v", later, err)
	}
	var n int
	var outstanding int64
	if err := db.X().QueryRowx(`SELECT COUNT(*), SUM(outstanding_minor) FROM invoices WHERE deleted_at IS NULL`).Scan(&n, &outstanding); err != nil {
		t.Fatal(err)
	}
	if n != 2 || outstanding != 0 {
		t.Errorf("%d invoices, %d outstanding", n, outstanding)
	}
}

func mustGet(t *testing.T, db *storage.DB, dest any, query string) {
	t.Helper()
	if err := db.X().Get(dest, query); err != nil {
		t.Fatal(fmt.Errorf("%s: %w", query, err))
	}
}

func importChoices(name string, client int64) imports.Choices {
	return imports.Choices{Clients: map[string]imports.ClientChoice{name: {ClientID: client}}}
}

func zorblattInvoice(client int64) storage.ImportRow {
	d := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	return storage.ImportRow{ClientID: client, Invoice: &imports.InvoiceRow{SourceID: "xero:ZORBLATT-1", Number: "ZORBLATT-1",
		AmountMinor: 1000, Outstanding: 1000, Issued: d, Due: d}}
}
