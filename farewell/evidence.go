package farewell

import (
	"time"

	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/ledger"
)

// Evidence is what the team's own data says about a client, as the wizard's
// first step shows it. Money is in minor units of Currency; windows end
// today. It carries counts and dates only: never who reported what.
type Evidence struct {
	ClientName string
	Today      time.Time // the team's calendar day the evidence was read on

	// Incidents12w counts incidents per category over the last 12 weeks;
	// IncidentsWithLinks12w how many of them link to evidence.
	Incidents12w          map[ledger.Category]int
	IncidentsWithLinks12w int
	Recent                []Incident // the latest few, newest first

	Currency            string // ISO 4217; "" when no money is recorded
	MonthlyRevenue      int64  // the revenue in force today, a month
	Cost4w, Revenue4w   int64
	Cost12w, Revenue12w int64

	// Verdict is the client's figures in this week's digest so far: health,
	// keep-or-replace, rate, shares and payments, as the digest, the card
	// and Home show them. nil when the client is not in the report.
	Verdict *digest.ClientFigures
	// Independence checks who decides and reviews: departments and who
	// logged the most hours. It names people by their work, never who
	// reported an incident.
	Independence Independence
	// OurMisses are our own misses logged on the client over the 12 weeks,
	// newest first: never counted against the client, shown where the
	// manager checks that we met our obligations in full.
	OurMisses []Incident

	Minutes12w int      // hours logged on the client, all departments
	Unrated    []string // departments with hours but no rate: cost is understated

	Strain      *float64         // latest strain poll average, 1–5; nil without polls
	StrainTrend ledger.Direction // strain.Trend; Unknown with fewer than two results

	RevenueFallingSince *time.Time // first day of the latest run of revenue cuts

	// Medians over the team's other clients, for "is it only this client?";
	// nil when the team has too few clients to compare.
	TeamMedianIncidents *float64 // 12-week incident count
	TeamMedianStrain    *float64
}

// Incident is one logged warning sign as the wizard shows it: what and when,
// without the reporter.
type Incident struct {
	Category    ledger.Category
	Severity    ledger.Severity
	Day         time.Time
	Description string
	Links       []string
}

// TotalIncidents is the number of incidents over the 12 weeks.
func (ev Evidence) TotalIncidents() int {
	n := 0
	for _, c := range ev.Incidents12w {
		n += c
	}
	return n
}

// Category returns the incident category that answers the sign's question.
func (s Sign) Category() ledger.Category {
	switch s {
	case SignComplaints:
		return ledger.Complaints
	case SignDisrespect:
		return ledger.Disrespect
	case SignObligations:
		return ledger.LatePayment
	case SignThreats:
		return ledger.Threats
	case SignScopeCreep:
		return ledger.ScopeCreep
	case SignMicromanagement:
		return ledger.Micromanagement
	case SignAttention:
		return ledger.Attention
	case SignDevaluation:
		return ledger.Devaluation
	case SignUnlisted:
		return ledger.Other
	}
	return ""
}

// preAnswerMin is how many incidents make a sign's answer "yes". A single
// complaint made in anger does not make a difficult client (domain.md
// section 1): complaints must be repeated. One insult, one missed payment or
// one threat is already a sign.
func preAnswerMin(s Sign) int {
	if s == SignComplaints {
		return 2
	}
	return 1
}

// PreAnswer pre-fills the warning-sign questions from the incidents logged
// over 12 weeks. Every sign has an entry; the manager can change any.
func PreAnswer(ev Evidence) map[Sign]bool {
	out := make(map[Sign]bool, len(Signs()))
	for _, s := range Signs() {
		out[s] = ev.Incidents12w[s.Category()] >= preAnswerMin(s)
	}
	return out
}

// Reasons returns the signs answered "yes", in the wizard's order: the
// prefilled main reasons for parting.
func Reasons(answers map[Sign]bool) []Sign {
	var out []Sign
	for _, s := range Signs() {
		if answers[s] {
			out = append(out, s)
		}
	}
	return out
}

// SuggestedReasons prefills the main reasons for parting: the signs
// answered "yes", then every other behaviour logged at least twice in the
// 12 weeks (once may be a misunderstanding; twice is a pattern).
func SuggestedReasons(ev Evidence, answers map[Sign]bool) []Sign {
	out := Reasons(answers)
	for _, s := range ReasonSigns()[len(Signs()):] {
		if ev.Incidents12w[s.Category()] >= 2 {
			out = append(out, s)
		}
	}
	return out
}

// Withdrawing reports whether the team may already be pulling back: the
// client's hours fall over the last 4 weeks while its incidents rise.
func (ev Evidence) Withdrawing() bool {
	v := ev.Verdict
	return v != nil && v.HoursDir == ledger.Down && v.Incidents4w > v.IncidentsPrev4w
}

// SignOf is the reason that names incidents of category c; "" for our own
// misses, which are never a reason.
func SignOf(c ledger.Category) Sign {
	for _, s := range ReasonSigns() {
		if s.Category() == c {
			return s
		}
	}
	return ""
}
