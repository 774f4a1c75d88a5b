package imports

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Row is one row of a file: hours, an invoice, or a problem.
type Row struct {
	Hours   *HourRow
	Invoice *InvoiceRow
	Problem *Problem
}

// Reader reads one export, row by row.
type Reader struct {
	Format Format
	csv    *csv.Reader
	h      header
	exp    int
	line   int
	seen   map[string]int // row hashes read so far, for identical rows
	// mapping reads a Generic file; nil for a known export.
	mapping *Mapping
}

// NewReader reads the header of an export and tells its format; exp is
// the team currency's minor digits, for amounts.
func NewReader(r io.Reader, exp int) (*Reader, error) {
	c, rec, err := openCSV(r)
	if err != nil {
		return nil, err
	}
	h := newHeader(rec)
	f, ok := detect(h)
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrUnknownFormat, clip(strings.Join(rec, ", "), 200))
	}
	return &Reader{Format: f, csv: c, h: h, exp: exp, line: 1, seen: map[string]int{}}, nil
}

// openCSV starts reading a file and returns its header row.
func openCSV(r io.Reader) (*csv.Reader, []string, error) {
	c, err := newCSV(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, nil, err
	}
	rec, err := c.Read()
	if err == io.EOF {
		return nil, nil, ErrEmpty
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrNotCSV, err)
	}
	return c, rec, nil
}

// Kind is what the file holds.
func (r *Reader) Kind() Kind {
	if r.mapping != nil {
		return r.mapping.Kind
	}
	return r.Format.Kind()
}

// Next returns the next row; io.EOF after the last.
func (r *Reader) Next() (Row, error) {
	for {
		rec, err := r.csv.Read()
		r.line++
		if err == io.EOF {
			return Row{}, io.EOF
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return Row{Problem: &Problem{Line: r.line, Err: fmt.Errorf("%w: %v", ErrNotCSV, pe.Err)}}, nil
			}
			return Row{}, fmt.Errorf("reading line %d: %w", r.line, err)
		}
		if blank(rec) {
			continue
		}
		if len(rec) > len(r.h.names) {
			return Row{Problem: &Problem{Line: r.line, Err: ErrTooManyColumns}}, nil
		}
		return r.row(rec), nil
	}
}

func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// field is a column's value in rec, "" when the row is short.
func (r *Reader) field(rec []string, name string) string {
	i, ok := r.h.index[name]
	if !ok || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

// column is a column's name as the file writes it.
func (r *Reader) column(name string) string {
	if i, ok := r.h.index[name]; ok {
		return r.h.names[i]
	}
	return name
}

func (r *Reader) problem(name, value string, err error) Row {
	return Row{Problem: &Problem{Line: r.line, Column: strings.TrimSpace(r.column(name)), Err: err, Value: clip(value, 60)}}
}

func (r *Reader) row(rec []string) Row {
	if r.mapping != nil {
		return r.mappedRow(rec)
	}
	switch r.Format {
	case Harvest:
		return r.hours(rec, hoursColumns{date: "date", client: "client", task: "task", role: "roles", note: "notes", hours: "hours",
			first: "first name", last: "last name", order: monthFirst})
	case Toggl:
		return r.hours(rec, hoursColumns{date: "start date", client: "client", task: "task", note: "description", hours: "duration",
			person: "user", email: "email", project: "project", order: monthFirst})
	case Clockify:
		return r.hours(rec, hoursColumns{date: "start date", client: "client", task: "task", note: "description", hours: "duration (h)",
			person: "user", email: "email", project: "project", order: monthFirst})
	case Xero:
		return r.invoice(rec, invoiceColumns{id: "invoicenumber", number: "invoicenumber", client: "contactname", total: "total",
			due: "invoiceamountdue", currency: "currency", issued: "invoicedate", dueDate: "duedate", order: dayFirst})
	case QuickBooks:
		return r.invoice(rec, invoiceColumns{id: "no.", number: "no.", client: "customer", total: "amount",
			due: "open balance", issued: "date", dueDate: "due date", order: monthFirst})
	}
	return r.invoice(rec, invoiceColumns{id: "id", number: "number", client: "customer name", total: "total",
		due: "amount remaining", currency: "currency", issued: "date (utc)", dueDate: "due date (utc)", order: monthFirst})
}

type hoursColumns struct {
	date, client, task, role, note, hours, project string
	person, email, first, last                     string
	order                                          dateOrder
}

func (r *Reader) hours(rec []string, c hoursColumns) Row {
	day, err := parseDate(r.field(rec, c.date), c.order)
	if err != nil {
		return r.problem(c.date, r.field(rec, c.date), err)
	}
	minutes, err := parseHours(r.field(rec, c.hours))
	if err != nil {
		return r.problem(c.hours, r.field(rec, c.hours), err)
	}
	client := r.field(rec, c.client)
	if client == "" && c.project != "" {
		client = r.field(rec, c.project) // a project without a client names the account
	}
	if client == "" {
		return r.problem(c.client, "", ErrMissing)
	}
	person := r.field(rec, c.person)
	if c.first != "" {
		person = strings.TrimSpace(r.field(rec, c.first) + " " + r.field(rec, c.last))
	}
	h := &HourRow{Line: r.line, Day: day, Client: client, Person: clip(person, 199), Email: r.field(rec, c.email),
		Task: r.field(rec, c.task), Role: r.field(rec, c.role), Minutes: minutes, Note: clip(r.field(rec, c.note), 999)}
	h.SourceID = r.contentID(rec)
	return Row{Hours: h}
}

type invoiceColumns struct {
	id, number, client, total, due, currency, issued, dueDate string
	order                                                     dateOrder
}

func (r *Reader) invoice(rec []string, c invoiceColumns) Row {
	id := r.field(rec, c.id)
	if id == "" {
		return r.problem(c.id, "", ErrMissing)
	}
	issued, err := parseDate(r.field(rec, c.issued), c.order)
	if err != nil {
		return r.problem(c.issued, r.field(rec, c.issued), err)
	}
	dueDate := issued // an invoice charged at once has no due date
	if v := r.field(rec, c.dueDate); v != "" {
		if dueDate, err = parseDate(v, c.order); err != nil {
			return r.problem(c.dueDate, v, err)
		}
	}
	total, err := parseAmount(r.field(rec, c.total), r.exp)
	if err != nil {
		return r.problem(c.total, r.field(rec, c.total), err)
	}
	var due int64 // a file without what is owed holds paid invoices
	if c.due != "" {
		if due, err = parseAmount(r.field(rec, c.due), r.exp); err != nil {
			return r.problem(c.due, r.field(rec, c.due), err)
		}
	}
	client := r.field(rec, c.client)
	if client == "" {
		return r.problem(c.client, "", ErrMissing)
	}
	return Row{Invoice: &InvoiceRow{Line: r.line, SourceID: string(r.Format) + ":" + id, Number: clip(r.field(rec, c.number), 99),
		Client: client, AmountMinor: total, Outstanding: due, Currency: strings.ToUpper(r.field(rec, c.currency)),
		Issued: issued, Due: dueDate, Paid: due == 0}}
}

// contentID identifies a row without an id by its content and, for the
// n-th identical row of a file (two equal entries on one day), by n: an
// overlapping export that holds both knows both again.
func (r *Reader) contentID(rec []string) string {
	hash := rowHash(rec)
	r.seen[hash]++
	id := string(r.Format) + ":" + hash
	if n := r.seen[hash]; n > 1 {
		id += "#" + strconv.Itoa(n)
	}
	return id
}

// rowHash identifies a row that has no id of its own by its content, so
// the same row in an overlapping export is known again.
func rowHash(rec []string) string {
	h := sha256.New()
	for _, v := range rec {
		h.Write([]byte(strings.TrimSpace(v)))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// clip shortens s to n runes and an ellipsis: n+1 runes at most.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
