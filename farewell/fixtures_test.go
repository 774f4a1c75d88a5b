package farewell_test

import (
	"testing"
	"time"

	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/farewell"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
)

// today is the fixed calendar day the tests run on.
var today = day(2026, 10, 1)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func ptr[T any](v T) *T { return &v }

func catalog(t testing.TB) *locale.Catalog {
	t.Helper()
	c, err := locale.New()
	if err != nil {
		t.Fatalf("locale.New: %v", err)
	}
	return c
}

// evidence is a client that costs more than it pays, with falling revenue,
// strain above the team's and incidents in three categories.
func evidence() farewell.Evidence {
	return farewell.Evidence{
		ClientName: "Northwind Traders",
		Today:      day(2026, 11, 2),
		Incidents12w: map[ledger.Category]int{
			ledger.Disrespect:  3,
			ledger.LatePayment: 2,
			ledger.Complaints:  1,
			ledger.ScopeCreep:  2,
		},
		IncidentsWithLinks12w: 5,
		Currency:              "USD",
		Cost4w:                610000,
		Revenue4w:             400000,
		Cost12w:               1850000,
		Revenue12w:            1200000,
		Verdict: &digest.ClientFigures{
			Health: digest.Health{Score: 31},
			Flags: []digest.Flag{{Kind: digest.ReplacementPays, Weight: 2, Count: 2, Amount: 4_300_000, RefAmount: 600_000,
				Value: 0.61, Reference: 0.23, Peers: 5}},
		},
		Minutes12w:          4680,
		Strain:              ptr(4.2),
		StrainTrend:         ledger.Up,
		RevenueFallingSince: ptr(day(2026, 3, 2)),
		TeamMedianIncidents: ptr(3.0),
		TeamMedianStrain:    ptr(2.5),
	}
}

// partWays is a complete "part ways" decision.
func partWays(lang string) farewell.Decision {
	return farewell.Decision{
		Client: "Northwind Traders",
		Lang:   lang,
		Signs:  map[farewell.Sign]bool{farewell.SignDisrespect: true, farewell.SignObligations: true},
		Checks: farewell.Checks{MeasuredHours: true, OwnPart: true, OnlyThisClient: true, IndependentDecider: true, NotWithdrawing: true, Reviewer: "U0REVIEWER"},
		Group:  farewell.Negotiating,
		Path:   farewell.PartWays,
		Tone:   farewell.Direct,
		Share:  farewell.Share{Hours: true, Money: true, Incidents: true},
		Part: &farewell.PartDetails{
			EndDate: day(2026, 11, 30),
			Reasons: []farewell.Sign{farewell.SignDisrespect, farewell.SignObligations},
			Refund:  farewell.RefundPartLast,
			Referral: &farewell.Referral{
				Provider: "Blue Harbour Studio",
				Contact:  "anna@blueharbour.example",
				WhyFit:   "they specialise in long-running e-commerce support",
			},
			Handover: []string{"admin access to the shop", "design source files", "the deployment runbook"},
			Speaker:  "U0SPEAKER",
			Channel:  farewell.Meeting,
		},
	}
}

// boundaries is a complete "keep with boundaries" decision.
func boundaries(lang string) farewell.Decision {
	return farewell.Decision{
		Client: "Northwind Traders",
		Lang:   lang,
		Group:  farewell.Negotiating,
		Path:   farewell.Boundaries,
		Tone:   farewell.Neutral,
		Boundaries: &farewell.BoundaryDetails{
			InScope:        []string{"weekly catalogue updates", "bug fixes within two working days"},
			OutOfScope:     []string{"Sunday deliveries", "urgent redesigns"},
			ContactMinutes: 5,
			Channels:       []string{"the support portal", "email"},
			PaymentTerms:   "a 20% deposit before work starts",
			ResponseTime:   "within four working hours",
			ReviewBy:       day(2026, 12, 14),
		},
	}
}

// backToStart is a complete "back to the start" decision.
func backToStart(lang string) farewell.Decision {
	return farewell.Decision{
		Client:   "Northwind Traders",
		Lang:     lang,
		Group:    farewell.WantsToNegotiate,
		Path:     farewell.BackToStart,
		Recovery: &farewell.RecoveryDetails{Redo: "the checkout redesign, with the payment page finished", By: day(2026, 10, 20)},
	}
}
