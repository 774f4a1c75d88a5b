package digest

import (
	"time"

	"github.com/tact-bot/tact/ledger"
)

// Weeks of history the figures look at, counting the digest's own week.
const (
	// TrendWeeks is the one window that sets cost against revenue: cost
	// share, effective rate, keep-or-replace and every money flag use it,
	// so one busy or quiet week does not swing a verdict.
	TrendWeeks    = 4
	IncidentWeeks = 8  // recent incidents and the four weeks before them
	RateWeeks     = 12 // the effective hourly rate's longer view
)

// Input is everything Build needs for one team and one week.
type Input struct {
	Week    Week
	Rates   []ledger.Rate // the team's full rate history
	Clients []ClientInput
	// Through is the last day counted when the week is still under way
	// (this week so far: the card, the list, Home); revenue is then earned
	// up to that day only, as hours are. Zero counts the whole week.
	Through time.Time
	// Settings are the workspace's own lines for the money rules.
	Settings Settings
}

// Settings are a workspace's figures for the money rules; 0 means unset.
type Settings struct {
	// CACMinor is what winning a typical new client costs (/tact cac). Unset,
	// the median acquisition cost of the clients that have one stands in.
	CACMinor int64
	// FloorMinor is the lowest effective hourly rate the team accepts
	// (/tact floor), per hour.
	FloorMinor int64
}

// ClientInput is one client's facts. Facts outside the windows Build looks
// at (and after the week) are ignored, so callers may pass more.
type ClientInput struct {
	ClientID    int64
	Name        string
	Status      ledger.Status // archived clients are left out of the report
	StatusUntil *time.Time    // when a boundaries or recovery period ends, if set

	// Entries are the client's time entries for at least the TrendWeeks
	// weeks ending with the week.
	Entries []ledger.Entry
	// EarlierMinutes are the minutes logged in the RateWeeks weeks before
	// those trend weeks: all the 12-week effective rate needs of them.
	EarlierMinutes int
	// Invoices are the client's invoices issued in the trend weeks or
	// still owed; HasInvoices says the client has any at all, and then its
	// payments are read from them instead of late-payment incidents.
	Invoices    []InvoiceFact
	HasInvoices bool
	// Revenue is the client's full revenue history.
	Revenue []ledger.Revenue
	// CACMinor is what it cost to win the client; 0 means not set.
	CACMinor int64
	// Incidents are the client's incidents for at least the IncidentWeeks
	// weeks ending with the week.
	Incidents []IncidentFact
	// Strain is the latest poll result, closed by the week's end, that
	// reached the answer threshold; nil when none did.
	Strain *StrainFact
	// StrainHistory holds the poll averages oldest first, ending with
	// Strain.Score; it gives the strain trend.
	StrainHistory []float64
}

// IncidentFact is what the figures need of an incident.
type IncidentFact struct {
	Day      time.Time // the calendar day it was logged, in the team's zone (ledger.DayIn)
	Category ledger.Category
	Severity ledger.Severity
	// A late payment's amount outstanding and days overdue; 0 when not given.
	AmountMinor int64
	DaysLate    int
}

// InvoiceFact is a recorded invoice (imported from the invoicing tool).
type InvoiceFact struct {
	Issued, Due      time.Time // calendar days
	AmountMinor      int64
	OutstandingMinor int64 // still owed
}

// StrainFact is a strain poll's result: the average answer on the 1–5
// scale (5 = the client wears the team down most) and the day it closed.
type StrainFact struct {
	Score float64
	Day   time.Time
}
