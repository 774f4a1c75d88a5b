package ledger_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/tact-bot/tact/ledger"
)

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"12000", "12 000", "12,000.50", "12k", "1.5m", "1,5k", "12 000,50",
		"$12,000", "12000₽", "12 000 руб", "0", "-5", "1e9", "12kk", "12 000 000 000 000", ".5", "1,234,567.89"} {
		f.Add(s, 2)
	}
	f.Add("1500", 0)
	f.Fuzz(func(t *testing.T, s string, exp int) {
		v, err := ledger.ParseAmount(s, exp)
		if err != nil {
			if v != 0 {
				t.Errorf("ParseAmount(%q, %d) = %d with error %v", s, exp, v, err)
			}
			return
		}
		limit := int64(ledger.MaxAmountMajor)
		for range exp {
			limit *= 10
		}
		if v <= 0 || v > limit {
			t.Errorf("ParseAmount(%q, %d) = %d, outside 1..%d", s, exp, v, limit)
		}
		if z, err := ledger.ParseAmountOrZero(s, exp); err != nil || z != v {
			t.Errorf("ParseAmountOrZero(%q, %d) = %d, %v; ParseAmount gave %d", s, exp, z, err, v)
		}
	})
}

func FuzzParseAmountPeriod(f *testing.F) {
	for _, s := range []string{"12k/year", "12 000 руб/мес", "12k per year", "3 000 в неделю", "12 m", "/month", "0/week", "1/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, p, err := ledger.ParseAmountPeriod(s, 2)
		if err != nil {
			return
		}
		if v < 0 || v > ledger.MaxAmountMajor*100 || !p.Valid() {
			t.Errorf("ParseAmountPeriod(%q) = %d, %q", s, v, p)
		}
		if r, err := ledger.ParseRate(s, 2); err == nil && r <= 0 {
			t.Errorf("ParseRate(%q) = %d", s, r)
		}
	})
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"90m", "1.5h", "1,5h", "1h30m", "1:30", "2ч", "1ч30м", "45мин", "1h 30m", "2 hours",
		"0", "-5m", "25h", "99999999999999999999h", "1.12345h", "1ч30"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ledger.ParseDuration(s)
		if err == nil && (m < ledger.MinDurationMinutes || m > ledger.MaxDurationMinutes) {
			t.Errorf("ParseDuration(%q) = %d, outside 1..1440", s, m)
		}
		if err != nil && m != 0 {
			t.Errorf("ParseDuration(%q) = %d with error %v", s, m, err)
		}
	})
}

func fuzzTeam() []ledger.Client {
	return clientsNamed("Acme", "Acme Corp", "Ромашка", "Рога и копыта", "Umbrella Labs", "Umbrella Logistics", "3M")
}

func isTeamMember(team []ledger.Client, c *ledger.Client) bool {
	for _, m := range team {
		if m == *c {
			return true
		}
	}
	return false
}

func FuzzParseIncidentText(f *testing.F) {
	for _, s := range []string{"acme corp late high invoice unpaid https://x.example/a.",
		"ромашка хамство высокая наорал", "umbrella rude m yelled", "", "acme", "Initech late paid nothing",
		"acme high threats <https://a.slack.com/archives/C1/p2|x>", "acme late-payment 4200 45d invoice", "acme late 12 дней"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		team := fuzzTeam()
		d := ledger.ParseIncidentText(text, team, 2)
		if p := d.Payment; p != (ledger.Payment{}) && (d.Category != ledger.LatePayment || p.AmountMinor < 0 ||
			p.DaysLate != 0 && (p.DaysLate < ledger.MinDaysLate || p.DaysLate > ledger.MaxDaysLate)) {
			t.Errorf("payment %+v for %q", p, d.Category)
		}
		if d.Client.Client != nil && !isTeamMember(team, d.Client.Client) {
			t.Errorf("resolved to a client not in the team: %+v", d.Client.Client)
		}
		if d.Category != "" && !d.Category.Valid() || !d.Severity.Valid() {
			t.Errorf("invalid category or severity: %q %q", d.Category, d.Severity)
		}
		if !strings.Contains(text, d.Description) {
			t.Errorf("description %q is not part of the text", d.Description)
		}
		for _, l := range d.Links {
			if _, err := ledger.CheckLink(l); err != nil {
				t.Errorf("extracted link %q fails CheckLink: %v", l, err)
			}
		}
		if d.Complete() != (len(d.Problems) == 0) || (d.Complete() && (d.Category == "" || d.Description == "" || d.Client.Client == nil)) {
			t.Errorf("complete draft lacks a part: %+v", d)
		}
	})
}

func FuzzParseHoursText(f *testing.F) {
	for _, s := range []string{"acme 90m", "Acme Corp 1.5h design new logo", "ромашка 1ч 30м бухгалтерия",
		"umbrella 45мин", "acme design 2h", "acme 25h", "", "Initech 2 hours support"} {
		f.Add(s)
	}
	departments := []string{"design", "support", "бухгалтерия"}
	f.Fuzz(func(t *testing.T, text string) {
		team := fuzzTeam()
		d := ledger.ParseHoursText(text, team, departments)
		if d.Client.Client != nil && !isTeamMember(team, d.Client.Client) {
			t.Errorf("resolved to a client not in the team: %+v", d.Client.Client)
		}
		durationOK := true
		for _, p := range d.Problems {
			if p.Field == ledger.FieldDuration {
				durationOK = false
			}
		}
		if durationOK != (d.Minutes >= 1 && d.Minutes <= 1440) {
			t.Errorf("minutes %d with problems %+v", d.Minutes, d.Problems)
		}
		if d.Department != "" && d.Department != "design" && d.Department != "support" && d.Department != "бухгалтерия" {
			t.Errorf("department %q is not a known one", d.Department)
		}
		if !strings.Contains(text, d.Note) {
			t.Errorf("note %q is not part of the text", d.Note)
		}
	})
}

func FuzzCheckEvidence(f *testing.F) {
	for _, s := range []string{"https://a.example\nhttp://b.example/x", "<https://a.slack.com/archives/C1/p1|x>",
		"nope\n\nftp://x", "https://", "<", "<>", "http://[::1", "https://a.example/(x))."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, field string) {
		lines := strings.Split(field, "\n")
		links, errs := ledger.CheckEvidence(field)
		for _, l := range links {
			if _, err := ledger.CheckLink(l); err != nil {
				t.Errorf("accepted link %q fails CheckLink: %v", l, err)
			}
		}
		for _, e := range errs {
			if e.Line < 1 || e.Line > len(lines) || e.Err == nil {
				t.Errorf("bad LinkError %+v for %d lines", e, len(lines))
			}
		}
		if len(links)+len(errs) > len(lines) {
			t.Errorf("%d links + %d errors from %d lines", len(links), len(errs), len(lines))
		}
		for _, u := range ledger.ExtractURLs(field) {
			if _, err := ledger.CheckLink(u); err != nil || !strings.Contains(field, u) {
				t.Errorf("ExtractURLs gave %q: %v", u, err)
			}
		}
	})
}

func FuzzResolveClient(f *testing.F) {
	for _, s := range []string{"acme corp late", "umbrella 2h", "р", "acne", "", "Рога и копыта 2ч", "  , ! "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		words := strings.Fields(text)
		team := fuzzTeam()
		r := ledger.ResolveClient(team, words)
		if r.Consumed+len(r.Rest) != len(words) {
			t.Errorf("consumed %d + rest %d != %d words", r.Consumed, len(r.Rest), len(words))
		}
		if r.Client != nil && (!isTeamMember(team, r.Client) || r.Match == ledger.MatchNone) {
			t.Errorf("bad match %+v", r)
		}
		states := 0
		for _, s := range []bool{r.Found(), r.IsAmbiguous(), r.Unknown(), r.Missing()} {
			if s {
				states++
			}
		}
		if states != 1 || len(r.Closest) > 3 || len(r.Ambiguous) == 1 {
			t.Errorf("inconsistent resolution %+v", r)
		}
		if len(words) > 0 && r.Consumed == 0 {
			t.Errorf("words given but none consumed: %+v", r)
		}
	})
}

// Guard the sentinel comparison used by callers.
func TestErrorsWrapSentinels(t *testing.T) {
	_, err := ledger.ParseAmount("abc", 2)
	if !errors.Is(err, ledger.ErrAmountSyntax) || !strings.Contains(err.Error(), "abc") {
		t.Errorf("ParseAmount error = %v", err)
	}
}
