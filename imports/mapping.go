package imports

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
)

// Generic is any other CSV, read through a mapping the manager gives once
// per source: which column is the date, the client, the duration…
const Generic Format = "generic"

// Field is what a column of a generic file can be.
type Field string

const (
	FieldDate     Field = "date"     // hours: the day worked; invoices: the issue date
	FieldClient   Field = "client"   // both
	FieldPerson   Field = "person"   // hours
	FieldEmail    Field = "email"    // hours
	FieldTask     Field = "task"     // hours: a task or role that may name a department
	FieldNote     Field = "note"     // hours
	FieldDuration Field = "duration" // hours: decimal hours or h:mm
	FieldNumber   Field = "number"   // invoices
	FieldTotal    Field = "total"    // invoices
	FieldOwed     Field = "owed"     // invoices: still unpaid (empty: paid)
	FieldDue      Field = "due"      // invoices
	FieldCurrency Field = "currency" // invoices
)

// Fields are a kind's fields in the order the mapping asks for them, and
// which of them a file must have.
func Fields(k Kind) (all []Field, required []Field) {
	if k == KindInvoices {
		return []Field{FieldNumber, FieldClient, FieldDate, FieldTotal, FieldOwed, FieldDue, FieldCurrency},
			[]Field{FieldNumber, FieldClient, FieldDate, FieldTotal}
	}
	return []Field{FieldDate, FieldClient, FieldDuration, FieldPerson, FieldEmail, FieldTask, FieldNote},
		[]Field{FieldDate, FieldClient, FieldDuration}
}

// Mapping says which column (by its index in the header) holds each field
// of a generic file, and how its dates are written.
type Mapping struct {
	Kind     Kind          `json:"k"`
	Columns  map[Field]int `json:"c"`
	DayFirst bool          `json:"d,omitempty"` // 02/11/2026 is 2 November
}

// Check says what the mapping lacks for a header of n columns.
func (m Mapping) Check(n int) error {
	_, required := Fields(m.Kind)
	for _, f := range required {
		if i, ok := m.Columns[f]; !ok || i < 0 || i >= n {
			return fmt.Errorf("%w: %s", ErrMissingColumn, f)
		}
	}
	for f, i := range m.Columns {
		if i < 0 || i >= n {
			return fmt.Errorf("%w: %s", ErrMissingColumn, f)
		}
	}
	return nil
}

// Header is a file's first row, as the mapping step shows it.
type Header struct {
	Names     []string
	Signature string // the same columns in the same order: the same source
}

// ReadHeader reads only a file's header.
func ReadHeader(r io.Reader) (Header, error) {
	_, rec, err := openCSV(r)
	if err != nil {
		return Header{}, err
	}
	names := make([]string, len(rec))
	for i, n := range rec {
		names[i] = strings.TrimSpace(n)
	}
	return Header{Names: names, Signature: signature(names)}, nil
}

func signature(names []string) string {
	h := sha256.New()
	for _, n := range names {
		h.Write([]byte(normName(n)))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// NewMappedReader reads a generic file through m.
func NewMappedReader(r io.Reader, exp int, m Mapping) (*Reader, error) {
	c, rec, err := openCSV(r)
	if err != nil {
		return nil, err
	}
	if err := m.Check(len(rec)); err != nil {
		return nil, err
	}
	// Columns are named by position, so two columns of one name (or a
	// blank one) stay apart.
	h := header{names: make([]string, len(rec)), index: map[string]int{}}
	for i, n := range rec {
		h.names[i] = strings.TrimSpace(n)
		h.index[positional(i)] = i
	}
	mapped := m
	return &Reader{Format: Generic, csv: c, h: h, exp: exp, line: 1, seen: map[string]int{}, mapping: &mapped}, nil
}

func positional(i int) string { return fmt.Sprintf("#%d", i) }

// col is the reader's key of a mapped field; "" when not mapped.
func (m *Mapping) col(f Field) string {
	if i, ok := m.Columns[f]; ok {
		return positional(i)
	}
	return ""
}

func (m *Mapping) order() dateOrder {
	if m.DayFirst {
		return dayFirst
	}
	return monthFirst
}

// mappedRow reads a generic row through the mapping.
func (r *Reader) mappedRow(rec []string) Row {
	m := r.mapping
	if m.Kind == KindInvoices {
		return r.invoice(rec, invoiceColumns{id: m.col(FieldNumber), number: m.col(FieldNumber), client: m.col(FieldClient),
			total: m.col(FieldTotal), due: m.col(FieldOwed), currency: m.col(FieldCurrency), issued: m.col(FieldDate),
			dueDate: m.col(FieldDue), order: m.order()})
	}
	return r.hours(rec, hoursColumns{date: m.col(FieldDate), client: m.col(FieldClient), task: m.col(FieldTask), note: m.col(FieldNote),
		hours: m.col(FieldDuration), person: m.col(FieldPerson), email: m.col(FieldEmail), order: m.order()})
}
