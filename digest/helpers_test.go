package digest_test

import (
	"time"

	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/ledger"
)

// The week most tests report on: Monday 11 to Sunday 17 March 2024. Its
// trend weeks start on 19 Feb, 26 Feb, 4 Mar and 11 Mar.
var march11 = digest.Week{Start: day("2024-03-11"), End: day("2024-03-17")}

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// one builds the report of a single client for the March 11 week.
func one(rates []ledger.Rate, c digest.ClientInput) digest.ClientFigures {
	if c.Status == "" {
		c.Status = ledger.StatusActive
	}
	r := digest.Build(digest.Input{Week: march11, Rates: rates, Clients: []digest.ClientInput{c}})
	if len(r.Clients) != 1 {
		panic("client left out")
	}
	return r.Clients[0]
}

func kinds(flags []digest.Flag) []digest.FlagKind {
	var ks []digest.FlagKind
	for _, f := range flags {
		ks = append(ks, f.Kind)
	}
	return ks
}

func findFlag(flags []digest.Flag, k digest.FlagKind) (digest.Flag, bool) {
	for _, f := range flags {
		if f.Kind == k {
			return f, true
		}
	}
	return digest.Flag{}, false
}

func entry(dept string, minutes int, d string) ledger.Entry {
	return ledger.Entry{Department: dept, Minutes: minutes, Day: day(d)}
}

func incident(cat ledger.Category, d string) digest.IncidentFact {
	return digest.IncidentFact{Day: day(d), Category: cat, Severity: ledger.SeverityMedium}
}

func monthly(amount int64, from string) ledger.Revenue {
	return ledger.Revenue{AmountMinor: amount, Period: ledger.Month, From: day(from)}
}
