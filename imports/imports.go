// Package imports reads the CSV exports of the tools teams already use —
// time trackers (Harvest, Toggl Track, Clockify) and invoicing (Xero,
// QuickBooks Online, Stripe) — into plain rows. It streams: a 100 MB file
// reads in bounded memory, one row at a time. It knows nothing of the
// workspace: which client or person a name means is decided later, with
// the manager, in the preview. A row it can't read comes back as a Problem
// with its line and column, never half-read.
package imports

import (
	"errors"
	"time"
)

// Kind is what a file holds.
type Kind string

const (
	KindHours    Kind = "hours"
	KindInvoices Kind = "invoices"
)

// Format is the tool a file was exported from, told by its header row.
type Format string

const (
	Harvest    Format = "harvest"
	Toggl      Format = "toggl"
	Clockify   Format = "clockify"
	Xero       Format = "xero"
	QuickBooks Format = "quickbooks"
	Stripe     Format = "stripe"
)

// Kind is what a format's exports hold.
func (f Format) Kind() Kind {
	switch f {
	case Xero, QuickBooks, Stripe:
		return KindInvoices
	}
	return KindHours
}

// HourRow is one time entry.
type HourRow struct {
	Line     int       // the file's line it came from (the header is line 1)
	SourceID string    // stable across exports: the vendor's id, else a hash of the row
	Day      time.Time // the calendar day worked, 00:00 UTC
	Client   string
	Person   string // full name as the tool has it
	Email    string // "" when the export has none (Harvest)
	Task     string // the task, and
	Role     string // the person's role: what a department can be told from
	Minutes  int
	Note     string
}

// InvoiceRow is one invoice.
type InvoiceRow struct {
	Line        int
	SourceID    string // the invoice's id or number
	Number      string
	Client      string
	AmountMinor int64 // the total
	Outstanding int64 // still unpaid
	Currency    string
	Issued, Due time.Time
	Paid        bool
}

// Problem is a row that can't be read: where, and why.
type Problem struct {
	Line   int
	Column string // the column's header as in the file; "" for the whole row
	Err    error
	Value  string // what was there, clipped
}

// Errors a Problem or a file carries.
var (
	ErrNotCSV         = errors.New("not a CSV file")
	ErrEmpty          = errors.New("no rows")
	ErrUnknownFormat  = errors.New("columns of no known export")
	ErrMissingColumn  = errors.New("a required column is missing")
	ErrDate           = errors.New("not a date")
	ErrDuration       = errors.New("not a duration")
	ErrDurationRange  = errors.New("duration out of range")
	ErrAmount         = errors.New("not an amount")
	ErrMissing        = errors.New("empty")
	ErrTooManyColumns = errors.New("more columns than the header")
)

// MaxFileBytes is the largest file read (Slack allows 1 GB, a DM upload of
// a year's export is well under 100 MB).
const MaxFileBytes = 100 << 20
