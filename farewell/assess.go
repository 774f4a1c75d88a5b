package farewell

import (
	"slices"
	"time"

	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/strain"
)

// Windows of the wizard's evidence, in weeks ending today.
const (
	EvidenceWeeks = 12
	RecentWeeks   = 4
	// RecentShown is how many of the latest incidents the evidence keeps.
	RecentShown = 5
)

// Facts are what the evidence is assessed from, as storage loads them
// (over EvidenceWeeks), with the caller's calendar day and currency.
type Facts struct {
	Today    time.Time // the team's calendar day
	Currency string

	Client  ledger.Client
	Revenue []ledger.Revenue // the client's full history, oldest first
	Rates   []ledger.Rate
	Hours   []ledger.Entry // the client's, within the window
	Recent  []Incident     // the client's, within the window, newest first
	// The team, for "is it only this client?": clients that are not
	// archived (this one included), incidents per client within the
	// window, and strain results per client, oldest first (clients without
	// one are absent).
	Clients       []ledger.Client
	TeamIncidents map[int64]int
	Strain        map[int64][]float64
	// Figures are the client's in this week's digest so far, when it is in
	// the report.
	Figures *digest.ClientFigures
	// Independence: who is in sales, who logged the most hours.
	Independence Independence
}

// Assess computes what the wizard's first step shows, and the drafts draw
// on, from a client's facts.
func Assess(f Facts) Evidence {
	span12, span4 := ledger.LastWeeks(f.Today, EvidenceWeeks), ledger.LastWeeks(f.Today, RecentWeeks)
	ev := Evidence{ClientName: f.Client.Name, Today: f.Today, Incidents12w: map[ledger.Category]int{}, Currency: f.Currency, Verdict: f.Figures,
		Independence: f.Independence}
	for _, in := range f.Recent {
		if !in.Category.AgainstClient() {
			ev.OurMisses = append(ev.OurMisses, in)
			continue
		}
		ev.Incidents12w[in.Category]++
		if len(in.Links) > 0 {
			ev.IncidentsWithLinks12w++
		}
		if len(ev.Recent) < RecentShown {
			ev.Recent = append(ev.Recent, in)
		}
	}
	spend12 := ledger.SpendIn(f.Hours, f.Rates, span12)
	ev.Cost12w, ev.Minutes12w, ev.Unrated = spend12.CostMinor, spend12.Minutes, spend12.Unrated
	ev.Cost4w = ledger.SpendIn(f.Hours, f.Rates, span4).CostMinor
	ev.Revenue12w = ledger.RevenueIn(f.Revenue, span12)
	if r, ok := ledger.RevenueOn(f.Revenue, f.Today); ok {
		ev.MonthlyRevenue = ledger.MonthlyMinor(r)
	}
	ev.Revenue4w = ledger.RevenueIn(f.Revenue, span4)
	known := slices.DeleteFunc(slices.Clone(f.Revenue), func(r ledger.Revenue) bool { return r.From.After(f.Today) })
	if since, ok := ledger.RevenueFallingSince(known); ok {
		ev.RevenueFallingSince = &since
	}
	if h := f.Strain[f.Client.ID]; len(h) > 0 {
		ev.Strain = &h[len(h)-1]
		if len(h) >= 2 {
			ev.StrainTrend = strain.Trend(h)
		}
	}
	ev.TeamMedianIncidents, ev.TeamMedianStrain = teamMedians(f)
	return ev
}

// teamMedians are the medians of the team's other clients: incidents over
// the window (none counts as 0) and latest strain (only clients with a
// result). Fewer than digest.MinPeers clients give nil, as in the digest.
func teamMedians(f Facts) (incidents, strain *float64) {
	var inc, str []float64
	for _, c := range f.Clients {
		if c.ID == f.Client.ID {
			continue
		}
		inc = append(inc, float64(f.TeamIncidents[c.ID]))
		if h := f.Strain[c.ID]; len(h) > 0 {
			str = append(str, h[len(h)-1])
		}
	}
	return peerMedian(inc), peerMedian(str)
}

func peerMedian(v []float64) *float64 {
	if len(v) < digest.MinPeers {
		return nil
	}
	m := ledger.Median(v)
	return &m
}
