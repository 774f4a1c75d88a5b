package digest_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/ledger"
)

// benchInput is a team of 1,000 clients and ten departments with a rate
// history, ~10 entries a client a week (10,000 a week) over the week and
// the eight before it, a few revenue changes, about one incident a client
// a week and strain polls for two clients in three.
func benchInput() digest.Input {
	rng := rand.New(rand.NewPCG(1, 2))
	week := digest.WeekOf(time.Date(2025, 6, 4, 12, 0, 0, 0, time.UTC), time.UTC)
	first := week.Start.AddDate(0, 0, -8*7)
	depts := make([]string, 10)
	var rates []ledger.Rate
	for i := range depts {
		depts[i] = fmt.Sprintf("dept%d", i)
		for k := range 3 {
			rates = append(rates, ledger.Rate{
				Department:   depts[i],
				PerHourMinor: int64(100_000 + rng.IntN(400_000)),
				From:         first.AddDate(0, 0, -400+k*200+rng.IntN(60)),
			})
		}
	}
	cats := ledger.Categories()
	clients := make([]digest.ClientInput, 1000)
	for i := range clients {
		c := digest.ClientInput{ClientID: int64(i + 1), Name: fmt.Sprintf("Client %04d", i), Status: ledger.StatusActive}
		for range 90 {
			c.Entries = append(c.Entries, ledger.Entry{
				Department: depts[rng.IntN(len(depts))],
				Minutes:    15 + rng.IntN(240),
				Day:        first.AddDate(0, 0, rng.IntN(9*7)),
			})
		}
		for k := range 1 + rng.IntN(4) {
			c.Revenue = append(c.Revenue, ledger.Revenue{
				AmountMinor: int64(500_000 + rng.IntN(5_000_000)),
				Period:      ledger.Month,
				From:        first.AddDate(0, 0, -300+k*90),
			})
		}
		if i%3 != 0 {
			c.CACMinor = int64(1_000_000 + rng.IntN(50_000_000))
			for range 5 {
				c.StrainHistory = append(c.StrainHistory, 1+4*rng.Float64())
			}
			c.Strain = &digest.StrainFact{Score: c.StrainHistory[4], Day: week.Start}
		}
		for range rng.IntN(17) {
			c.Incidents = append(c.Incidents, digest.IncidentFact{
				Day:      first.AddDate(0, 0, rng.IntN(9*7)),
				Category: cats[rng.IntN(len(cats))],
				Severity: ledger.SeverityMedium,
			})
		}
		clients[i] = c
	}
	return digest.Input{Week: week, Rates: rates, Clients: clients}
}

func BenchmarkBuild(b *testing.B) {
	in := benchInput()
	b.ReportAllocs()
	for b.Loop() {
		digest.Build(in)
	}
}
