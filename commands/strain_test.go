package commands_test

import (
	"strings"
	"testing"

	"github.com/tact-bot/tact/commands"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
)

func TestClientCardStrainTrend(t *testing.T) {
	cases := []struct {
		lang  string
		score commands.StrainScore
		want  string
	}{
		{locale.EN, commands.StrainScore{Score: 3.8, Scale: 5, Answers: 7, Day: day("2026-11-12"), Trend: ledger.Up, Previous: 3.1}, "3.8 out of 5, 7 answers, 12 Nov 2026, up from 3.1"},
		{locale.EN, commands.StrainScore{Score: 2, Scale: 5, Answers: 3, Day: day("2026-11-12"), Trend: ledger.Down, Previous: 4}, "2.0 out of 5, 3 answers, 12 Nov 2026, down from 4.0"},
		{locale.EN, commands.StrainScore{Score: 3, Scale: 5, Answers: 3, Day: day("2026-11-12"), Trend: ledger.Flat, Previous: 3.1}, "steady (was 3.1)"},
		{locale.RU, commands.StrainScore{Score: 3.8, Scale: 5, Answers: 5, Day: day("2026-11-12"), Trend: ledger.Up, Previous: 3.1}, "3,8 из 5, 5 ответов, 12 ноября 2026, выросло с 3,1"},
	}
	for _, c := range cases {
		card := acmeCard()
		card.LatestStrain = &c.score
		got := checkMessage(t, commands.ClientCardBlocks(catalog(t).For(c.lang), card))
		if !strings.Contains(got, c.want) {
			t.Errorf("%s card lacks %q: %s", c.lang, c.want, got)
		}
	}
}

func TestClientListStrainTrend(t *testing.T) {
	l := commands.ClientList{Currency: "USD", RecentSpan: ledger.LastWeeks(day("2026-11-16"), 4), Rows: []commands.ClientRow{
		{ID: 1, Name: "Acme", Strain: &commands.StrainScore{Score: 4.2, Scale: 5, Answers: 4, Trend: ledger.Up, Previous: 3}},
		{ID: 2, Name: "Globex", Strain: &commands.StrainScore{Score: 2.4, Scale: 5, Answers: 4}},
	}}
	got := checkMessage(t, commands.ClientListBlocks(catalog(t).For(locale.EN), l))
	if !strings.Contains(got, "strain 4.2/5 ↑") || !strings.Contains(got, "strain 2.4/5") {
		t.Errorf("list lacks the strain trend: %s", got)
	}
	if strings.Contains(got, "2.4/5 ↑") || strings.Contains(got, "2.4/5 ↓") || strings.Contains(got, "2.4/5 →") {
		t.Errorf("a first result got a trend arrow: %s", got)
	}
}
