package imports_test

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/tact-bot/tact/imports"
)

const genericHours = "Worker;Day;Account;Spent;Comment;Day\n" +
	"Anna Petrova;02/11/2026;Acme;1:30;=cmd;x\n" +
	"Mark Lee;31/11/2026;Acme;1;;x\n"

// A generic file read through a mapping: columns by position (two of one
// name stay apart), dates in the order given, problems named by column.
func TestMappedReader(t *testing.T) {
	h, err := imports.ReadHeader(bytes.NewReader([]byte(genericHours)))
	if err != nil || len(h.Names) != 6 || h.Names[1] != "Day" || h.Signature == "" {
		t.Fatalf("header %+v, %v", h, err)
	}
	other, _ := imports.ReadHeader(bytes.NewReader([]byte("Worker;Day;Account;Spent;Note;Day\n")))
	if other.Signature == h.Signature {
		t.Error("different columns, same signature")
	}
	m := imports.Mapping{Kind: imports.KindHours, DayFirst: true, Columns: map[imports.Field]int{
		imports.FieldPerson: 0, imports.FieldDate: 1, imports.FieldClient: 2, imports.FieldDuration: 3, imports.FieldNote: 4}}
	r, err := imports.NewMappedReader(bytes.NewReader([]byte(genericHours)), 2, m)
	if err != nil || r.Format != imports.Generic {
		t.Fatalf("reader: %v", err)
	}
	var rows []imports.Row
	for {
		row, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, row)
	}
	if len(rows) != 2 || rows[0].Hours == nil || rows[0].Hours.Minutes != 90 || rows[0].Hours.Client != "Acme" ||
		!rows[0].Hours.Day.Equal(time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)) || rows[0].Hours.Person != "Anna Petrova" {
		t.Fatalf("first row %+v", rows[0].Hours)
	}
	if p := rows[1].Problem; p == nil || p.Line != 3 || p.Column != "Day" || !errors.Is(p.Err, imports.ErrDate) {
		t.Errorf("31 November: %+v", rows[1])
	}
	// A mapping missing a required field, or pointing past the header.
	delete(m.Columns, imports.FieldDuration)
	if _, err := imports.NewMappedReader(bytes.NewReader([]byte(genericHours)), 2, m); !errors.Is(err, imports.ErrMissingColumn) {
		t.Errorf("no duration: %v", err)
	}
	m.Columns[imports.FieldDuration] = 9
	if _, err := imports.NewMappedReader(bytes.NewReader([]byte(genericHours)), 2, m); !errors.Is(err, imports.ErrMissingColumn) {
		t.Errorf("column 9 of 6: %v", err)
	}
}

// Generic invoices without an "owed" column are paid.
func TestMappedInvoices(t *testing.T) {
	data := "No,Customer,Issued,Sum\nA-1,Acme,2026-10-01,\"1,200.50\"\n"
	m := imports.Mapping{Kind: imports.KindInvoices, Columns: map[imports.Field]int{
		imports.FieldNumber: 0, imports.FieldClient: 1, imports.FieldDate: 2, imports.FieldTotal: 3}}
	r, err := imports.NewMappedReader(bytes.NewReader([]byte(data)), 2, m)
	if err != nil {
		t.Fatal(err)
	}
	row, err := r.Next()
	if err != nil || row.Invoice == nil || row.Invoice.AmountMinor != 120050 || !row.Invoice.Paid || row.Invoice.SourceID != "generic:A-1" ||
		!row.Invoice.Due.Equal(row.Invoice.Issued) {
		t.Errorf("invoice %+v, %v", row.Invoice, err)
	}
}
