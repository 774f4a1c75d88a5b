package digest

import "time"

// FlagKind names a reason a client deserves a look. The slugs are stable:
// the locale catalogues key the flags' sentences by them.
type FlagKind string

const (
	// Subsidising: the week's cost to serve exceeds the week's revenue.
	// Only when a revenue is set; a revenue of zero counts.
	Subsidising FlagKind = "subsidising"
	// StrainHigh: the latest strain score is at least StrainHighScore.
	StrainHigh FlagKind = "strain_high"
	// CostOverCAC: the annualised cost to serve exceeds what it cost to win
	// the client: serving it a year costs more than winning a new one.
	CostOverCAC FlagKind = "cost_over_cac"
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
	MinRisingIncidents     = 2   // in the last TrendWeeks weeks
	MinStandOutIncidents   = 3   // in the last TrendWeeks weeks
	StandOutIncidentFactor = 2   // times the others' median
	StandOutStrainGap      = 1.0 // points above the others' median
	// MinPeers is how many other clients a team median needs before a
	// client can be said to stand out from it.
	MinPeers = 2
)

// epsilon absorbs float noise in averages compared with thresholds, so a
// score of exactly 3.5 (however computed) reaches 3.5.
const epsilon = 1e-9

// FlagKinds lists the kinds by weight, heaviest first: the order flags are
// listed in.
func FlagKinds() []FlagKind {
	return []FlagKind{Subsidising, StrainHigh, CostOverCAC, RevenueFalling,
		LatePayment, IncidentsRising, StandsOutIncidents, StandsOutStrain}
}

// Weight is how much a flag adds to a client's risk. Money lost every
// week and a worn-down team weigh most (3); costs that outgrow the client's
// worth, falling revenue, late payments and rising incidents are warnings
// (2); standing out from the team's other clients is context (1).
func (k FlagKind) Weight() int {
	switch k {
	case Subsidising, StrainHigh:
		return 3
	case CostOverCAC, RevenueFalling, LatePayment, IncidentsRising:
		return 2
	case StandsOutIncidents, StandsOutStrain:
		return 1
	}
	return 0
}

// Flag is one reason a client deserves a look, with the data its sentence
// needs. Which fields are set depends on Kind:
//
//	Subsidising         Amount = week's cost, RefAmount = week's revenue
//	CostOverCAC         Amount = annualised cost, RefAmount = acquisition cost
//	StrainHigh          Value = strain score, Reference = StrainHighScore
//	IncidentsRising     Count = incidents in the last 4 weeks, RefCount = in the 4 before
//	LatePayment         Count = late payments logged in the last 4 weeks
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
	Count, RefCount   int
	Value, Reference  float64
	Peers             int
}

func newFlag(k FlagKind) Flag { return Flag{Kind: k, Weight: k.Weight()} }

// flag computes the client's own flags from its figures (all but Flags,
// Risk and Others filled in); they come in FlagKinds order.
func flag(f *ClientFigures, fall revenueFall, hasFall bool, lateCount int) []Flag {
	var flags []Flag
	if f.HasRevenue && f.Cost > f.Revenue {
		fl := newFlag(Subsidising)
		fl.Amount, fl.RefAmount = f.Cost, f.Revenue
		flags = append(flags, fl)
	}
	if f.Strain != nil && f.Strain.Score >= StrainHighScore-epsilon {
		fl := newFlag(StrainHigh)
		fl.Value, fl.Reference = f.Strain.Score, StrainHighScore
		flags = append(flags, fl)
	}
	if f.CACMinor > 0 && f.AnnualisedCost > f.CACMinor {
		fl := newFlag(CostOverCAC)
		fl.Amount, fl.RefAmount = f.AnnualisedCost, f.CACMinor
		flags = append(flags, fl)
	}
	if hasFall {
		fl := newFlag(RevenueFalling)
		fl.Since, fl.Amount, fl.RefAmount = fall.since, fall.after, fall.before
		flags = append(flags, fl)
	}
	if lateCount > 0 {
		fl := newFlag(LatePayment)
		fl.Count = lateCount
		flags = append(flags, fl)
	}
	if f.Incidents4w > f.IncidentsPrev4w && f.Incidents4w >= MinRisingIncidents {
		fl := newFlag(IncidentsRising)
		fl.Count, fl.RefCount = f.Incidents4w, f.IncidentsPrev4w
		flags = append(flags, fl)
	}
	return flags
}

// flagRelative adds the team-relative flags once the others' medians are
// known (see Comparison), after the client's own, and sums the risk.
func flagRelative(f *ClientFigures) {
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
	f.Risk = 0
	for _, fl := range f.Flags {
		f.Risk += fl.Weight
	}
}
