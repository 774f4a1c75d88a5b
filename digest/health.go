package digest

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// Health is a client's 0–100 score: 100 less the points each part of the
// client's picture takes off, so that every point lost has a reason to
// show. Reasons are the parts that took points, most first.
type Health struct {
	Score   int
	Reasons []Reason
}

// Top is the n heaviest reasons.
func (h Health) Top(n int) []Reason { return h.Reasons[:min(n, len(h.Reasons))] }

// ReasonKind names a part of the health score. The slugs key the reasons'
// words in the locale catalogues.
type ReasonKind string

// The parts of the score, by perspective: financial (cost share, rate,
// revenue, payments), interpersonal (strain) and behaviour (incidents).
const (
	// ReasonCostShare: the window's cost share against the others' median
	// (Value, Reference, Peers); without MinCostPeers others, against
	// NoPeersCostShare (Peers 0).
	ReasonCostShare ReasonKind = "cost_share"
	// ReasonBelowFloor: the effective rate (Amount) under the floor
	// (RefAmount).
	ReasonBelowFloor ReasonKind = "below_floor"
	// ReasonRevenueFalling: revenue falling since Since.
	ReasonRevenueFalling ReasonKind = "revenue_falling"
	// ReasonLatePayment: Count late payments in the window, Amount
	// outstanding, Value average days late.
	ReasonLatePayment ReasonKind = "late_payment"
	// ReasonStrain: strain (Value) against the others' median or the calm
	// line (Reference).
	ReasonStrain ReasonKind = "strain"
	// ReasonIncidents: Count incidents in the window; Value per week of
	// work against the others' median (Reference).
	ReasonIncidents ReasonKind = "incidents"
	// ReasonSeverity: Count high-severity incidents in the window.
	ReasonSeverity ReasonKind = "severity"
	// ReasonOutsideContract: Value of the window's time was outside the
	// contract, costing Amount.
	ReasonOutsideContract ReasonKind = "outside_contract"
)

// Reason is one part of the score that took points, with its figures.
type Reason struct {
	Kind              ReasonKind
	Points            int
	Count             int
	Value, Reference  float64
	Amount, RefAmount int64
	Peers             int
	Since             time.Time
}

// The most each part can take off, and the lines the parts measure from.
const (
	maxCostPoints     = 25
	maxFloorPoints    = 15
	revenuePoints     = 10
	latePoints        = 5 // each late payment, and once more when they get later
	maxLatePoints     = 15
	maxStrainPoints   = 20
	strainHighPoints  = 15 // at least this at or above StrainHighScore
	maxIncidentPoints = 20
	severityPoints    = 4 // each high-severity incident
	maxSeverityPoints = 12
	maxOutsidePoints  = 10

	// OutsideContractLine is the share of time outside the contract from
	// which it lowers the score: a little give is part of any service.
	OutsideContractLine = 0.2

	// NoPeersCostShare is the line a cost share is read against when the
	// team has too few other clients with revenue: half of what comes in.
	NoPeersCostShare = 0.5
	// CalmStrain is the line strain is read against without peers.
	CalmStrain = 2.5
)

// health scores a client whose Others are known.
func health(f *ClientFigures, s Settings) Health {
	var rs []Reason
	add := func(r Reason) {
		if r.Points > 0 {
			rs = append(rs, r)
		}
	}
	add(costReason(f))
	add(floorReason(f, s.FloorMinor))
	if f.hasFall {
		add(Reason{Kind: ReasonRevenueFalling, Points: revenuePoints, Since: f.fall.since})
	}
	add(lateReason(f.Payments))
	add(strainReason(f))
	add(incidentReason(f))
	add(Reason{Kind: ReasonSeverity, Count: f.HighSeverity4w, Points: min(severityPoints*f.HighSeverity4w, maxSeverityPoints)})
	if share := f.Recent.OutsideShare(); share > OutsideContractLine {
		add(Reason{Kind: ReasonOutsideContract, Value: share, Amount: f.Recent.OutsideCost,
			Points: max(points(50*(share-OutsideContractLine), maxOutsidePoints), 1)})
	}
	slices.SortStableFunc(rs, func(a, b Reason) int { return cmp.Compare(b.Points, a.Points) })
	h := Health{Score: 100, Reasons: rs}
	for _, r := range rs {
		h.Score -= r.Points
	}
	h.Score = max(h.Score, 0)
	return h
}

func points(v float64, most int) int {
	return min(max(int(math.Round(v)), 0), most)
}

// costReason: 20 points for each time over the others' median the cost
// share goes; without peers, from half the revenue up to all of it. A loss
// takes all.
func costReason(f *ClientFigures) Reason {
	w := f.Recent
	if !w.HasCostShare {
		return Reason{}
	}
	r := Reason{Kind: ReasonCostShare, Value: w.CostShare, Reference: NoPeersCostShare}
	if o := f.Others; o.CostShareClients >= MinCostPeers && o.CostShare > 0 {
		r.Reference, r.Peers = o.CostShare, o.CostShareClients
		r.Points = points(20*(w.CostShare/o.CostShare-1), maxCostPoints)
	} else {
		r.Points = points(maxCostPoints*(w.CostShare-NoPeersCostShare)/NoPeersCostShare, maxCostPoints)
	}
	if w.CostShare > 1 {
		r.Points = maxCostPoints
	}
	return r
}

// floorReason: the gap under the floor, half of it taking the most.
func floorReason(f *ClientFigures, floor int64) Reason {
	if floor <= 0 || !f.Recent.HasRate || f.Recent.Rate >= floor {
		return Reason{}
	}
	gap := float64(floor-f.Recent.Rate) / float64(floor)
	return Reason{Kind: ReasonBelowFloor, Amount: f.Recent.Rate, RefAmount: floor,
		Points: max(points(2*maxFloorPoints*gap, maxFloorPoints), 1)}
}

func lateReason(p Payments) Reason {
	if p.Count == 0 {
		return Reason{}
	}
	n := latePoints * p.Count
	if p.Worsening() {
		n += latePoints
	}
	return Reason{Kind: ReasonLatePayment, Count: p.Count, Amount: p.Outstanding, Value: p.AvgDaysLate,
		Points: min(n, maxLatePoints)}
}

// strainReason: 10 points for each point of strain above the others'
// median (or CalmStrain), and never fewer than strainHighPoints from
// StrainHighScore up.
func strainReason(f *ClientFigures) Reason {
	if f.Strain == nil {
		return Reason{}
	}
	r := Reason{Kind: ReasonStrain, Value: f.Strain.Score, Reference: CalmStrain}
	if o := f.Others; o.StrainClients >= MinPeers {
		r.Reference, r.Peers = o.Strain, o.StrainClients
	}
	r.Points = points(10*(f.Strain.Score-max(r.Reference, CalmStrain)), maxStrainPoints)
	if f.Strain.Score >= StrainHighScore-epsilon {
		r.Points = max(r.Points, strainHighPoints)
	}
	return r
}

// incidentReason: incidents per week of work against the others' median,
// 10 points for each time over it; a single incident takes nothing.
func incidentReason(f *ClientFigures) Reason {
	if f.Incidents4w < 2 {
		return Reason{}
	}
	load := workload(f)
	r := Reason{Kind: ReasonIncidents, Count: f.Incidents4w, Value: load, Reference: f.Others.Workload, Peers: f.Others.Clients}
	if f.Others.Clients >= MinPeers && f.Others.Workload > 0 {
		r.Points = points(10*(load/f.Others.Workload-1), maxIncidentPoints)
	} else {
		r.Points = points(float64(5*(f.Incidents4w-1)), maxIncidentPoints)
	}
	return r
}
