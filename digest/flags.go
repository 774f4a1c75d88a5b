package digest

import (
	"math"
	"slices"
	"time"
)

// FlagKind names a reason a client deserves a look. The slugs are stable:
// the locale catalogues key the flags' sentences by them.
//
// A flag fires only when a signal crosses a stated absolute line or stands
// out from the team's other clients; money flags read the TrendWeeks
// window, never one week.
type FlagKind string

const (
	// Subsidising: the window's cost to serve exceeds its revenue. Only
	// when a revenue is set; a revenue of zero counts.
	Subsidising FlagKind = "subsidising"
	// StrainHigh: the latest strain score is at least StrainHighScore.
	StrainHigh FlagKind = "strain_high"
	// ReplacementPays: keep or replace. The client's excess cost to serve
	// (its cost over what a typical client of the same revenue costs),
	// annualised, exceeds what winning a new client costs, and its cost
	// share is at least ReplaceShareFactor times the others' median.
	// Without MinCostPeers others with revenue, only a loss counts as
	// excess. See replacement.
	ReplacementPays FlagKind = "replacement_pays"
	// BelowFloor: the window's effective hourly rate is under the
	// workspace's floor (/tact floor).
	BelowFloor FlagKind = "below_floor"
	// RevenueFalling: the latest change of revenue was a cut, made within
	// RevenueFallingWeeks; the fall is dated from the first cut of the run
	// (ledger.RevenueFallingSince).
	RevenueFalling FlagKind = "revenue_falling"
	// LatePayment: a late payment was logged in the last TrendWeeks weeks.
	LatePayment FlagKind = "late_payment"
	// IncidentsRising: more incidents in the last TrendWeeks weeks than in
	// the TrendWeeks before, and at least MinRisingIncidents of them.
	IncidentsRising FlagKind = "incidents_rising"
	// StandsOutIncidents: the client's incidents over the last TrendWeeks
	// weeks are at least StandOutIncidentFactor times the median of the
	// team's other clients, and at least MinStandOutIncidents.
	StandsOutIncidents FlagKind = "stands_out_incidents"
	// StandsOutStrain: the client's strain is at least StandOutStrainGap
	// above the median strain of the team's other clients.
	StandsOutStrain FlagKind = "stands_out_strain"
)

// Thresholds of the flag rules.
const (
	StrainHighScore        = 3.5 // on the 1–5 scale
	MinRisingIncidents     = 3   // in the last TrendWeeks weeks
	MinStandOutIncidents   = 3   // in the last TrendWeeks weeks
	StandOutIncidentFactor = 2   // times the others' median
	StandOutStrainGap      = 1.0 // points above the others' median
	// MinPeers is how many other clients a team median needs before a
	// client can be said to stand out from it.
	MinPeers = 2
	// MinCostPeers is how many other clients with revenue a median cost
	// share needs before keep-or-replace compares against it.
	MinCostPeers = 3
	// ReplaceShareFactor is how far above the others' median cost share a
	// client must be for keep-or-replace to look at it.
	ReplaceShareFactor = 1.5
)

// epsilon absorbs float noise in averages compared with thresholds, so a
// score of exactly 3.5 (however computed) reaches 3.5.
const epsilon = 1e-9

// FlagKinds lists the kinds by weight, heaviest first: the order flags are
// listed in.
func FlagKinds() []FlagKind {
	return []FlagKind{Subsidising, StrainHigh, ReplacementPays, BelowFloor, RevenueFalling,
		LatePayment, IncidentsRising, StandsOutIncidents, StandsOutStrain}
}

// Weight is how much a flag adds to a client's risk. Money lost and a
// worn-down team weigh most (3); a client worth replacing, a rate under the
// floor, falling revenue, late payments and rising incidents are warnings
// (2); standing out from the team's other clients is context (1).
func (k FlagKind) Weight() int {
	switch k {
	case Subsidising, StrainHigh:
		return 3
	case ReplacementPays, BelowFloor, RevenueFalling, LatePayment, IncidentsRising:
		return 2
	case StandsOutIncidents, StandsOutStrain:
		return 1
	}
	return 0
}

// Flag is one reason a client deserves a look, with the data its sentence
// needs. Which fields are set depends on Kind:
//
//	Subsidising         Amount = the window's cost, RefAmount = its revenue
//	StrainHigh          Value = strain score, Reference = StrainHighScore
//	ReplacementPays     Count = months until replacing pays back, Amount =
//	                    excess cost a year, RefAmount = cost of winning a
//	                    client, Value = cost share, Reference = the others'
//	                    median share (0 without peers), Peers = how many
//	BelowFloor          Amount = effective rate, RefAmount = floor, Total =
//	                    the gap over the window's hours
//	IncidentsRising     Count = incidents in the last 4 weeks, RefCount = in the 4 before
//	LatePayment         Count = late payments in the last 4 weeks, Total =
//	                    amount outstanding, Value = average days late,
//	                    Reference = the average of the 4 weeks before
//	RevenueFalling      Since = day the fall began; Amount = monthly revenue
//	                    now, RefAmount = monthly revenue before the fall
//	StandsOutIncidents  Count = incidents in the last 4 weeks, Reference =
//	                    the other clients' median, Peers = how many others
//	StandsOutStrain     Value = strain score, Reference = the other
//	                    clients' median, Peers = how many others have a score
type Flag struct {
	Kind              FlagKind
	Weight            int
	Since             time.Time
	Amount, RefAmount int64 // money, minor units
	Total             int64 // money, minor units
	Count, RefCount   int
	Value, Reference  float64
	Peers             int
	// Invoices: a LatePayment flag read from overdue invoices.
	Invoices bool
}

func newFlag(k FlagKind) Flag { return Flag{Kind: k, Weight: k.Weight()} }

// flag computes the client's own flags from its figures (all but Flags,
// Risk, Others and Health filled in); they come in FlagKinds order, the
// team-relative ones are inserted by flagRelative.
func flag(f *ClientFigures) []Flag {
	var flags []Flag
	w := f.Recent
	if w.HasRevenue && w.Cost > w.Revenue {
		fl := newFlag(Subsidising)
		fl.Amount, fl.RefAmount = w.Cost, w.Revenue
		flags = append(flags, fl)
	}
	if f.Strain != nil && f.Strain.Score >= StrainHighScore-epsilon {
		fl := newFlag(StrainHigh)
		fl.Value, fl.Reference = f.Strain.Score, StrainHighScore
		flags = append(flags, fl)
	}
	if f.hasFall {
		fl := newFlag(RevenueFalling)
		fl.Since, fl.Amount, fl.RefAmount = f.fall.since, f.fall.after, f.fall.before
		flags = append(flags, fl)
	}
	if p := f.Payments; p.Count > 0 {
		fl := newFlag(LatePayment)
		fl.Count, fl.Total, fl.Value, fl.Reference = p.Count, p.Outstanding, p.AvgDaysLate, p.PrevAvgDaysLate
		fl.Invoices = p.FromInvoices
		flags = append(flags, fl)
	}
	if f.Incidents4w > f.IncidentsPrev4w && f.Incidents4w >= MinRisingIncidents {
		fl := newFlag(IncidentsRising)
		fl.Count, fl.RefCount = f.Incidents4w, f.IncidentsPrev4w
		flags = append(flags, fl)
	}
	return flags
}

// flagRelative adds the flags that need the team (its medians, the
// workspace's settings), keeps FlagKinds order and sums the risk.
func flagRelative(f *ClientFigures, t teamView) {
	if fl, ok := replacement(f, t); ok {
		f.Flags = append(f.Flags, fl)
	}
	if floor := t.settings.FloorMinor; floor > 0 && f.Recent.HasRate && f.Recent.Rate < floor {
		fl := newFlag(BelowFloor)
		fl.Amount, fl.RefAmount = f.Recent.Rate, floor
		fl.Total = perMinuteToMinor(mulSat(floor-f.Recent.Rate, int64(f.Recent.Minutes)))
		f.Flags = append(f.Flags, fl)
	}
	o := f.Others
	if o.Clients >= MinPeers && f.Incidents4w >= MinStandOutIncidents &&
		float64(f.Incidents4w) >= StandOutIncidentFactor*o.Incidents4w-epsilon {
		fl := newFlag(StandsOutIncidents)
		fl.Count, fl.Reference, fl.Peers = f.Incidents4w, o.Incidents4w, o.Clients
		f.Flags = append(f.Flags, fl)
	}
	if f.Strain != nil && o.StrainClients >= MinPeers &&
		f.Strain.Score >= o.Strain+StandOutStrainGap-epsilon {
		fl := newFlag(StandsOutStrain)
		fl.Value, fl.Reference, fl.Peers = f.Strain.Score, o.Strain, o.StrainClients
		f.Flags = append(f.Flags, fl)
	}
	sortFlags(f.Flags)
	f.Risk = 0
	for _, fl := range f.Flags {
		f.Risk += fl.Weight
	}
}

// replacement is keep-or-replace: is winning a new client cheaper than
// keeping this one? Over the window the client's excess cost to serve is
// its cost less what a typical client of the same revenue costs (the
// others' median cost share × its revenue); a year of it set against the
// cost of winning a client says in how many months replacing them would
// pay for itself.
func replacement(f *ClientFigures, t teamView) (Flag, bool) {
	w := f.Recent
	if !w.HasCostShare {
		return Flag{}, false
	}
	winning := t.winningCost
	if winning <= 0 {
		winning = f.CACMinor
	}
	if winning <= 0 {
		return Flag{}, false
	}
	median, peers := t.costShares.medianWithout(w.CostShare)
	typical := w.Revenue // without peers only a loss is excess
	if peers >= MinCostPeers {
		if w.CostShare < ReplaceShareFactor*median-epsilon {
			return Flag{}, false
		}
		typical = int64(math.Round(median * float64(w.Revenue)))
	} else {
		median, peers = 0, 0
	}
	excess := mulSat(addSat(w.Cost, -typical), 52/TrendWeeks)
	if excess <= winning {
		return Flag{}, false
	}
	fl := newFlag(ReplacementPays)
	fl.Amount, fl.RefAmount = excess, winning
	fl.Count = int(math.Ceil(12 * float64(winning) / float64(excess)))
	fl.Value, fl.Reference, fl.Peers = w.CostShare, median, peers
	return fl, true
}

// sortFlags puts flags in FlagKinds order.
func sortFlags(flags []Flag) {
	order := FlagKinds()
	slices.SortStableFunc(flags, func(a, b Flag) int {
		return slices.Index(order, a.Kind) - slices.Index(order, b.Kind)
	})
}
