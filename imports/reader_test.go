package imports_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tact-bot/tact/imports"
)

func readAll(t *testing.T, data []byte) (*imports.Reader, []imports.Row) {
	t.Helper()
	r, err := imports.NewReader(bytes.NewReader(data), 2)
	if err != nil {
		t.Fatal(err)
	}
	var rows []imports.Row
	for {
		row, err := r.Next()
		if err == io.EOF {
			return r, rows
		}
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, row)
	}
}

func sample(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func day(s string) time.Time {
	d, _ := time.Parse(time.DateOnly, s)
	return d
}

// Each vendor's export, with its own column names, date and duration
// formats, separators and BOM, reads into the same rows.
func TestHourExports(t *testing.T) {
	for _, tt := range []struct {
		file     string
		format   imports.Format
		first    imports.HourRow
		rows     int
		problems []string // "line column"
	}{
		{"harvest.csv", imports.Harvest, imports.HourRow{Line: 2, Day: day("2026-11-02"), Client: "Acme Corp", Person: "Anna Petrova",
			Task: "Development", Role: "Developer", Minutes: 90, Note: "Fixed the checkout bug"}, 3, []string{"5 Hours"}},
		{"toggl.csv", imports.Toggl, imports.HourRow{Line: 2, Day: day("2026-11-02"), Client: "Acme Corp", Person: "Anna Petrova",
			Email: "anna@example.com", Minutes: 90, Note: "Checkout bug"}, 3, nil},
		{"clockify.csv", imports.Clockify, imports.HourRow{Line: 2, Day: day("2026-11-02"), Client: "Acme Corp", Person: "Anna Petrova",
			Email: "anna@example.com", Task: "Development", Minutes: 90, Note: "Checkout bug"}, 2, []string{"4 Start Date"}},
	} {
		t.Run(tt.file, func(t *testing.T) {
			r, rows := readAll(t, sample(t, tt.file))
			if r.Format != tt.format || r.Format.Kind() != imports.KindHours {
				t.Errorf("format %s", r.Format)
			}
			var hours []imports.HourRow
			var problems []string
			for _, row := range rows {
				switch {
				case row.Hours != nil:
					hours = append(hours, *row.Hours)
				case row.Problem != nil:
					problems = append(problems, strings.TrimSpace(strings.Join([]string{itoa(row.Problem.Line), row.Problem.Column}, " ")))
				}
			}
			if len(hours) != tt.rows {
				t.Fatalf("%d rows; want %d (problems %v)", len(hours), tt.rows, problems)
			}
			got := hours[0]
			if got.SourceID == "" {
				t.Error("no source id")
			}
			got.SourceID = ""
			if got != tt.first {
				t.Errorf("first row = %+v\nwant %+v", got, tt.first)
			}
			if strings.Join(problems, ",") != strings.Join(tt.problems, ",") {
				t.Errorf("problems = %v; want %v", problems, tt.problems)
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestInvoiceExports(t *testing.T) {
	for _, tt := range []struct {
		file   string
		format imports.Format
		first  imports.InvoiceRow
	}{
		{"stripe_invoices.csv", imports.Stripe, imports.InvoiceRow{Line: 2, SourceID: "stripe:in_1QaB2cD3eF4gH5iJ", Number: "ACME-0042",
			Client: "Acme Corp", AmountMinor: 420_000, Outstanding: 420_000, Currency: "USD", Issued: day("2026-10-01"), Due: day("2026-10-31")}},
		{"quickbooks_invoices.csv", imports.QuickBooks, imports.InvoiceRow{Line: 2, SourceID: "quickbooks:1184", Number: "1184",
			Client: "Acme Corp", AmountMinor: 420_000, Outstanding: 420_000, Issued: day("2026-10-01"), Due: day("2026-10-31")}},
		{"xero_invoices.csv", imports.Xero, imports.InvoiceRow{Line: 2, SourceID: "xero:INV-0042", Number: "INV-0042",
			Client: "Acme Corp", AmountMinor: 420_000, Outstanding: 420_000, Currency: "USD", Issued: day("2026-10-01"), Due: day("2026-10-31")}},
	} {
		t.Run(tt.file, func(t *testing.T) {
			r, rows := readAll(t, sample(t, tt.file))
			if r.Format != tt.format || r.Format.Kind() != imports.KindInvoices || len(rows) != 2 {
				t.Fatalf("format %s, %d rows", r.Format, len(rows))
			}
			if rows[0].Invoice == nil || *rows[0].Invoice != tt.first {
				t.Errorf("first = %+v\nwant %+v", rows[0].Invoice, tt.first)
			}
			if rows[1].Invoice == nil || !rows[1].Invoice.Paid || rows[1].Invoice.Outstanding != 0 {
				t.Errorf("second = %+v; want paid", rows[1].Invoice)
			}
		})
	}
}

// The same row in two exports has the same source id; another row not.
func TestSourceIDsAreStable(t *testing.T) {
	_, a := readAll(t, sample(t, "harvest.csv"))
	_, b := readAll(t, sample(t, "harvest.csv"))
	if a[0].Hours.SourceID != b[0].Hours.SourceID || a[0].Hours.SourceID == a[1].Hours.SourceID {
		t.Errorf("source ids %q %q %q", a[0].Hours.SourceID, b[0].Hours.SourceID, a[1].Hours.SourceID)
	}
}

// Files that are not an export are refused, saying why.
func TestBadFiles(t *testing.T) {
	for _, tt := range []struct {
		name string
		data []byte
		err  error
	}{
		{"empty", nil, imports.ErrEmpty},
		{"blank", []byte("  \n\n"), imports.ErrEmpty},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), imports.ErrNotCSV},
		{"xlsx", []byte("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00"), imports.ErrNotCSV},
		{"unknown columns", []byte("Foo,Bar\n1,2\n"), imports.ErrUnknownFormat},
		{"latin-1", []byte("Date,Client\n2026-01-01,Caf\xe9\n"), imports.ErrNotCSV},
	} {
		if _, err := imports.NewReader(bytes.NewReader(tt.data), 2); !errors.Is(err, tt.err) {
			t.Errorf("%s: %v; want %v", tt.name, err, tt.err)
		}
	}
}

// A formula-looking cell is text: kept as it is, never evaluated.
func TestFormulaCellsAreText(t *testing.T) {
	_, rows := readAll(t, sample(t, "harvest.csv"))
	if rows[2].Hours == nil || rows[2].Hours.Note != `=HYPERLINK("http://evil.example")` {
		t.Errorf("formula cell = %+v", rows[2].Hours)
	}
	for in, want := range map[string]string{"=SUM(A1)": "'=SUM(A1)", "+1": "'+1", "-x": "'-x", "@cmd": "'@cmd", "Acme": "Acme", "": ""} {
		if got := imports.Neutral(in); got != want {
			t.Errorf("Neutral(%q) = %q, want %q", in, got, want)
		}
	}
}

// Two identical entries in one file are two entries, and an export that
// repeats both knows both again.
func TestIdenticalRowsKeepTheirCount(t *testing.T) {
	data := "Date,Client,Project,Task,Notes,Hours,First Name,Last Name\n" +
		"2026-11-02,Acme,Site,Dev,Call,1,Anna,P\n2026-11-02,Acme,Site,Dev,Call,1,Anna,P\n"
	_, a := readAll(t, []byte(data))
	_, b := readAll(t, []byte(data))
	if len(a) != 2 || a[0].Hours.SourceID == a[1].Hours.SourceID || a[1].Hours.SourceID != b[1].Hours.SourceID ||
		!strings.HasSuffix(a[1].Hours.SourceID, "#2") {
		t.Errorf("source ids %q %q, again %q", a[0].Hours.SourceID, a[1].Hours.SourceID, b[1].Hours.SourceID)
	}
}
