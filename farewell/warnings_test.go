package farewell_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/farewell"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
)

func TestWarnings(t *testing.T) {
	allChecked := farewell.Checks{MeasuredHours: true, OwnPart: true, OnlyThisClient: true, IndependentDecider: true, NotWithdrawing: true}
	tests := []struct {
		name string
		ev   func(*farewell.Evidence)
		d    func(*farewell.Decision)
		want []farewell.WarningCode
	}{
		{"all checked, outlier client", nil, nil, nil},
		{"nothing checked", nil, func(d *farewell.Decision) { d.Checks = farewell.Checks{} },
			[]farewell.WarningCode{farewell.WarnHoursUnconfirmed, farewell.WarnRevenueFalling, farewell.WarnContext,
				farewell.WarnNoIndependent, farewell.WarnWithdrawing}},
		{"no hours logged, even when ticked", func(ev *farewell.Evidence) { ev.Minutes12w = 0 }, nil,
			[]farewell.WarningCode{farewell.WarnNoHours}},
		{"unrated departments", func(ev *farewell.Evidence) { ev.Unrated = []string{"support", "sales"} }, nil,
			[]farewell.WarningCode{farewell.WarnUnrated}},
		{"own part unticked, revenue steady", func(ev *farewell.Evidence) { ev.RevenueFallingSince = nil },
			func(d *farewell.Decision) { d.Checks.OwnPart = false },
			[]farewell.WarningCode{farewell.WarnOwnPart}},
		{"not an outlier, even when ticked", func(ev *farewell.Evidence) { ev.TeamMedianIncidents = ptr(12.0); ev.TeamMedianStrain = ptr(4.5) }, nil,
			[]farewell.WarningCode{farewell.WarnNotOutlier}},
		{"an outlier on strain alone", func(ev *farewell.Evidence) { ev.TeamMedianIncidents = ptr(12.0) }, nil, nil},
		// Hours falling while incidents rise: the data says it, a tick cannot silence it.
		{"withdrawal in the data", func(ev *farewell.Evidence) {
			ev.Verdict = &digest.ClientFigures{HoursDir: ledger.Down, Incidents4w: 5, IncidentsPrev4w: 2}
		}, nil, []farewell.WarningCode{farewell.WarnWithdrawalSeen}},
		{"hours falling, incidents level", func(ev *farewell.Evidence) {
			ev.Verdict = &digest.ClientFigures{HoursDir: ledger.Down, Incidents4w: 2, IncidentsPrev4w: 2}
		}, nil, nil},
		{"our own misses", func(ev *farewell.Evidence) {
			ev.OurMisses = []farewell.Incident{{Category: ledger.OurMiss, Day: day(2026, 11, 3), Description: "Missed the release date we promised"}}
		}, nil, []farewell.WarningCode{farewell.WarnOurMisses}},
		{"no team to compare with, unticked", func(ev *farewell.Evidence) { ev.TeamMedianIncidents, ev.TeamMedianStrain = nil, nil },
			func(d *farewell.Decision) { d.Checks.OnlyThisClient = false },
			[]farewell.WarningCode{farewell.WarnContext}},
		{"a reviewer makes the decision independent", nil,
			func(d *farewell.Decision) { d.Checks.IndependentDecider, d.Checks.Reviewer = false, "U0REV" }, nil},
		{"sales deciding with no reviewer", nil,
			func(d *farewell.Decision) { d.Checks.IndependentDecider = false },
			[]farewell.WarningCode{farewell.WarnNoIndependent}},
		{"parting with no warning signs", nil,
			func(d *farewell.Decision) { d.Signs = map[farewell.Sign]bool{farewell.SignThreats: false} },
			[]farewell.WarningCode{farewell.WarnNoSigns}},
		{"no warning signs matter only when parting", nil,
			func(d *farewell.Decision) { d.Signs, d.Path = nil, farewell.Boundaries }, nil},
		{"parting with a valuable client", nil,
			func(d *farewell.Decision) { d.LongTerm = farewell.LongTerm{StrategicBrand: true, ReferralSource: true} },
			[]farewell.WarningCode{farewell.WarnLongTermValue}},
		{"a bad reputation is no reason to stay", nil,
			func(d *farewell.Decision) { d.LongTerm = farewell.LongTerm{ReputationRisk: true} }, nil},
	}
	cat := catalog(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := evidence()
			if tt.ev != nil {
				tt.ev(&ev)
			}
			d := partWays(locale.EN)
			d.Checks = allChecked
			if tt.d != nil {
				tt.d(&d)
			}
			ws := farewell.Warnings(ev, d)
			var got []farewell.WarningCode
			for _, w := range ws {
				got = append(got, w.Code)
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("Warnings = %v, want %v", got, tt.want)
			}
			for _, w := range ws {
				if !slices.Contains(farewell.Mistakes(), w.Mistake()) {
					t.Errorf("%s belongs to unknown mistake %q", w.Code, w.Mistake())
				}
				for _, lang := range []string{locale.EN, locale.RU} {
					assertRendered(t, string(w.Code)+" "+lang, w.Text(cat.For(lang)))
				}
			}
		})
	}
}

// TestWarningData checks that each warning carries the figures that show it.
func TestWarningData(t *testing.T) {
	cat := catalog(t)
	ev := evidence()
	ev.Unrated = []string{"support"}
	ev.TeamMedianIncidents, ev.TeamMedianStrain = ptr(9.5), ptr(4.5)
	d := partWays(locale.EN)
	d.Checks = farewell.Checks{}
	d.LongTerm.EarlyAdopter = true
	want := map[farewell.WarningCode]map[string][]string{
		farewell.WarnHoursUnconfirmed: {locale.EN: {"78 hours"}, locale.RU: {"78 часов"}},
		farewell.WarnUnrated:          {locale.EN: {"support"}, locale.RU: {"support"}},
		farewell.WarnRevenueFalling:   {locale.EN: {"2 Mar 2026"}, locale.RU: {"2 марта 2026"}},
		farewell.WarnNotOutlier: {
			locale.EN: {"Northwind Traders", "8 incidents", "9.5", "4.2", "4.5"},
			locale.RU: {"Northwind Traders", "8 инцидентов", "9,5", "4,2", "4,5"},
		},
		farewell.WarnLongTermValue: {locale.EN: {"early adopter"}, locale.RU: {"первых пользователей"}},
	}
	ws := farewell.Warnings(ev, d)
	for _, w := range ws {
		for lang, subs := range want[w.Code] {
			text := w.Text(cat.For(lang))
			for _, s := range subs {
				if !strings.Contains(text, s) {
					t.Errorf("%s in %s: %q lacks %q", w.Code, lang, text, s)
				}
			}
		}
	}
	codes := map[farewell.WarningCode]bool{}
	for _, w := range ws {
		codes[w.Code] = true
	}
	for c := range want {
		if !codes[c] {
			t.Errorf("warning %s missing from %v", c, ws)
		}
	}
}

func TestOurMissesNeverCountAgainstTheClient(t *testing.T) {
	ev := farewell.Assess(farewell.Facts{
		Today: day(2026, 11, 22), Client: ledgerClient(),
		Recent: []farewell.Incident{
			{Category: ledger.OurMiss, Severity: ledger.SeverityHigh, Day: day(2026, 11, 20), Description: "We missed the launch date"},
			{Category: ledger.Disrespect, Severity: ledger.SeverityHigh, Day: day(2026, 11, 19)},
		},
	})
	if ev.TotalIncidents() != 1 || len(ev.Recent) != 1 || len(ev.OurMisses) != 1 || ev.Incidents12w[ledger.OurMiss] != 0 {
		t.Errorf("incidents %d, recent %d, our misses %d; want 1, 1, 1", ev.TotalIncidents(), len(ev.Recent), len(ev.OurMisses))
	}
	cat, err := locale.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range farewell.Warnings(ev, farewell.Decision{}) {
		if w.Code == farewell.WarnOurMisses {
			for _, lang := range []string{locale.EN, locale.RU} {
				if got := w.Text(cat.For(lang)); !strings.Contains(got, "We missed the launch date") || strings.Contains(got, "⟨") {
					t.Errorf("%s: %q", lang, got)
				}
			}
			return
		}
	}
	t.Error("no warning about our own misses")
}

func ledgerClient() ledger.Client { return ledger.Client{ID: 1, Name: "Acme"} }

// Who decides is checked against the data: sales, or the person who logged
// the most hours on the client, is not independent; a tick can't hide it.
func TestIndependenceChecked(t *testing.T) {
	in := farewell.Independence{Sales: []string{"U0SALES"}, MostHours: "U0BUSY"}
	for _, tt := range []struct {
		decider, reviewer string
		want              []farewell.WarningCode
	}{
		{"U0BOSS", "U0REV", nil},
		{"U0SALES", "U0REV", []farewell.WarningCode{farewell.WarnDeciderClose}},
		{"U0BUSY", "U0REV", []farewell.WarningCode{farewell.WarnDeciderClose}},
		{"U0BOSS", "U0SALES", []farewell.WarningCode{farewell.WarnReviewerClose}},
		{"U0BUSY", "U0BUSY", []farewell.WarningCode{farewell.WarnDeciderClose, farewell.WarnReviewerClose}},
	} {
		ev := evidence()
		ev.Independence = in
		d := partWays(locale.EN)
		d.Decider, d.Checks.Reviewer = tt.decider, tt.reviewer
		var got []farewell.WarningCode
		for _, w := range farewell.Warnings(ev, d) {
			if w.Code == farewell.WarnDeciderClose || w.Code == farewell.WarnReviewerClose {
				got = append(got, w.Code)
				if w.Mistake() != farewell.MistakeBiasedDecider {
					t.Errorf("%s belongs to %s", w.Code, w.Mistake())
				}
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("decider %s, reviewer %s: %v; want %v", tt.decider, tt.reviewer, got, tt.want)
		}
	}
}
