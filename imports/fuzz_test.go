package imports_test

import (
	"bytes"
	"io"
	"os"
	"testing"

	"github.com/tact-bot/tact/imports"
	"github.com/tact-bot/tact/ledger"
)

// Whatever the bytes, reading never panics, every row is hours, an invoice
// or a problem with its line, and what is read is within the ledger's
// bounds.
func FuzzReader(f *testing.F) {
	for _, name := range []string{"harvest.csv", "toggl.csv", "clockify.csv", "stripe_invoices.csv", "quickbooks_invoices.csv", "xero_invoices.csv"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("Date,Client,Task,Hours,First Name,Last Name\n\"2026-01-01,\"x\n"))
	f.Add([]byte("\xef\xbb\xbfUser;Email;Client;Start date;Duration\n;;;;\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := imports.NewReader(bytes.NewReader(data), 2)
		if err != nil {
			return
		}
		last := 1
		for range 10_000 {
			row, err := r.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				t.Fatalf("Next: %v", err)
			}
			n := 0
			for _, set := range []bool{row.Hours != nil, row.Invoice != nil, row.Problem != nil} {
				if set {
					n++
				}
			}
			if n != 1 {
				t.Fatalf("row %+v is not exactly one thing", row)
			}
			switch {
			case row.Hours != nil:
				h := row.Hours
				if h.Minutes < ledger.MinDurationMinutes || h.Minutes > ledger.MaxDurationMinutes || h.Client == "" || h.SourceID == "" || h.Line <= last {
					t.Fatalf("hours %+v", h)
				}
				last = h.Line
			case row.Invoice != nil:
				if row.Invoice.Client == "" || row.Invoice.SourceID == "" || row.Invoice.AmountMinor < 0 {
					t.Fatalf("invoice %+v", row.Invoice)
				}
			case row.Problem != nil:
				if row.Problem.Err == nil || row.Problem.Line < 2 {
					t.Fatalf("problem %+v", row.Problem)
				}
			}
		}
	})
}

// A generic file through any mapping never panics either.
func FuzzMappedReader(f *testing.F) {
	f.Add([]byte(genericHours), uint8(1), uint8(2), uint8(3), false)
	f.Add([]byte("No,Customer,Issued,Sum\nA-1,Acme,2026-10-01,1\n"), uint8(2), uint8(1), uint8(3), true)
	f.Fuzz(func(t *testing.T, data []byte, date, client, amount uint8, invoices bool) {
		m := imports.Mapping{Kind: imports.KindHours, Columns: map[imports.Field]int{
			imports.FieldDate: int(date % 8), imports.FieldClient: int(client % 8), imports.FieldDuration: int(amount % 8)}}
		if invoices {
			m = imports.Mapping{Kind: imports.KindInvoices, Columns: map[imports.Field]int{
				imports.FieldNumber: 0, imports.FieldDate: int(date % 8), imports.FieldClient: int(client % 8), imports.FieldTotal: int(amount % 8)}}
		}
		r, err := imports.NewMappedReader(bytes.NewReader(data), 2, m)
		if err != nil {
			return
		}
		for range 1000 {
			row, err := r.Next()
			if err != nil {
				return
			}
			if (row.Hours == nil) == (row.Invoice == nil) == (row.Problem == nil) {
				t.Fatalf("row is not exactly one thing: %+v", row)
			}
		}
	})
}
