package storage_test

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/storage/storagetest"
)

// digestWorkspace: the week is 16–22 Nov 2026, its trend weeks start on
// 26 Oct and its incident weeks on 28 Sep.
func digestWorkspace() storage.Workspace {
	return storage.Workspace{
		Clients: []storage.SeedClient{
			{Name: "Acme", CACMinor: 400_000, CreatedBy: "U1", Revenue: []ledger.Revenue{{AmountMinor: 400_000, Period: ledger.Month, From: date("2026-01-01")}}},
			{Name: "Globex", Status: ledger.StatusParting, StatusUntil: date("2026-12-31"), CreatedBy: "U1"},
			{Name: "Old", Status: ledger.StatusArchived, CreatedBy: "U1"},
		},
		Rates: []ledger.Rate{
			{Department: "support", PerHourMinor: 6_000, From: date("2026-01-01")},
			{Department: "support", PerHourMinor: 9_000, From: date("2026-11-18")},
			{Department: "dev", PerHourMinor: 12_000, From: date("2026-01-01")},
		},
		Hours: []storage.SeedHours{
			{Client: "Acme", UserID: "U1", Department: "support", Minutes: 60, Day: date("2026-11-16")},
			{Client: "Acme", UserID: "U2", Department: "support", Minutes: 30, Day: date("2026-11-16")}, // summed with the above
			{Client: "Acme", UserID: "U1", Department: "support", Minutes: 60, Day: date("2026-11-18")},
			{Client: "Acme", UserID: "U1", Department: "dev", Minutes: 30, Day: date("2026-11-19")},
			{Client: "Acme", UserID: "U2", Department: "support", Minutes: 120, Day: date("2026-10-26")}, // first trend day
			{Client: "Acme", UserID: "U2", Department: "support", Minutes: 600, Day: date("2026-10-25")}, // before the trend weeks
			{Client: "Acme", UserID: "U2", Department: "support", Minutes: 45, Day: date("2026-08-30")},  // before the 12 rate weeks
			{Client: "Old", UserID: "U1", Department: "support", Minutes: 60, Day: date("2026-11-17")},   // archived
			{Client: "Globex", UserID: "U1", Department: "dev", Minutes: 60, Day: date("2026-11-23")},    // after the week
		},
		Incidents: []storage.SeedIncident{
			{Client: "Acme", Category: ledger.LatePayment, Severity: ledger.SeverityHigh, Description: "Invoice 12", OccurredOn: date("2026-11-19"), ReportedBy: "U1"},
			{Client: "Acme", Category: ledger.LatePayment, Severity: ledger.SeverityHigh, Description: "Invoice 13", OccurredOn: date("2026-11-19"), ReportedBy: "U2"},
			{Client: "Acme", Category: ledger.Threats, Severity: ledger.SeverityMedium, Description: "Threat", OccurredOn: date("2026-09-28"), ReportedBy: "U1"},
			{Client: "Acme", Category: ledger.Complaints, Severity: ledger.SeverityLow, Description: "Too old", OccurredOn: date("2026-09-27"), ReportedBy: "U1"},
			{Client: "Globex", Category: ledger.Other, Severity: ledger.SeverityLow, Description: "Odd", OccurredOn: date("2026-11-20"), ReportedBy: "U1"},
		},
	}
}

func TestDigestInputAggregatesTheWeek(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := seededDB(t, digestWorkspace())
	// Noise that must not count: another workspace and an undone entry.
	if err := db.LoadWorkspace(ctx, "T0OTHER", digestWorkspace(), false); err != nil {
		t.Fatal(err)
	}
	if _, err := db.X().ExecContext(ctx, `
INSERT INTO time_entries (team_id, client_id, user_id, department_id, minutes, worked_on, deleted_at)
SELECT team_id, client_id, user_id, department_id, 600, '2026-11-17', now() FROM time_entries WHERE team_id = $1 LIMIT 1`, team); err != nil {
		t.Fatal(err)
	}
	week := digest.WeekOf(date("2026-11-18"), time.UTC)
	in, err := db.DigestInput(ctx, team, week, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if in.Week != week || len(in.Rates) != 3 {
		t.Errorf("week %v, %d rates", in.Week, len(in.Rates))
	}
	if len(in.Clients) != 2 {
		t.Fatalf("clients: %+v; want Acme and Globex (Old is archived)", in.Clients)
	}
	acme, globex := in.Clients[0], in.Clients[1]
	wantEntries := []ledger.Entry{
		{Department: "support", Minutes: 120, Day: date("2026-10-26")},
		{Department: "support", Minutes: 90, Day: date("2026-11-16")},
		{Department: "support", Minutes: 60, Day: date("2026-11-18")},
		{Department: "dev", Minutes: 30, Day: date("2026-11-19")},
	}
	if acme.Name != "Acme" || !reflect.DeepEqual(acme.Entries, wantEntries) {
		t.Errorf("Acme's entries: %+v\nwant %+v", acme.Entries, wantEntries)
	}
	// The 600 minutes before the trend weeks count only towards the 12-week
	// rate; the 45 before those not at all.
	if acme.EarlierMinutes != 600 {
		t.Errorf("Acme's earlier minutes = %d; want 600", acme.EarlierMinutes)
	}
	if acme.CACMinor != 400_000 || len(acme.Revenue) != 1 || acme.Revenue[0].AmountMinor != 400_000 || acme.Strain != nil {
		t.Errorf("Acme: %+v", acme)
	}
	if len(acme.Incidents) != 3 {
		t.Errorf("Acme's incidents: %+v; want two late payments and the threat", acme.Incidents)
	}
	late := 0
	for _, f := range acme.Incidents {
		if f.Category == ledger.LatePayment && f.Day.Equal(date("2026-11-19")) && f.Severity == ledger.SeverityHigh {
			late++
		}
	}
	if late != 2 {
		t.Errorf("same-day late payments: %d; want both", late)
	}
	if globex.Status != ledger.StatusParting || globex.StatusUntil == nil || !globex.StatusUntil.Equal(date("2026-12-31")) ||
		len(globex.Entries) != 0 || len(globex.Incidents) != 1 || globex.CACMinor != 0 {
		t.Errorf("Globex: %+v", globex)
	}

	// The figures over the loaded facts, by hand: support 90 min at 60.00/h
	// and 60 min at 90.00/h, dev 30 min at 120.00/h.
	r := digest.Build(in)
	a, _ := r.Client(acme.ClientID)
	if a.Cost != 24_000 || a.Minutes != 180 || a.Revenue != 92_308 || a.Margin != 68_308 || a.Recent.Cost != 12_000+24_000 {
		t.Errorf("Acme's figures: cost %d, minutes %d, revenue %d, margin %d, 4 weeks' cost %d", a.Cost, a.Minutes, a.Revenue, a.Margin, a.Recent.Cost)
	}
}

func TestUserHoursByClient(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := seededDB(t, digestWorkspace())
	got, err := db.UserHoursByClient(ctx, team, "U1", digest.WeekOf(date("2026-11-18"), time.UTC).Span())
	if err != nil {
		t.Fatal(err)
	}
	want := []storage.ClientMinutes{
		{ClientID: clientID(t, db, "Acme"), Name: "Acme", Minutes: 150},
		{ClientID: clientID(t, db, "Old"), Name: "Old", Minutes: 60},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("U1's week: %+v\nwant %+v", got, want)
	}
}

func TestScheduledDigestIsClaimedOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storagetest.New(t)
	week := date("2026-11-16")
	const claimers = 8
	var wg sync.WaitGroup
	var mu sync.Mutex
	var won []storage.DigestPost
	for range claimers {
		wg.Go(func() {
			p, ok, err := db.ClaimScheduledDigest(ctx, team, week, "C1", time.Hour)
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				won = append(won, p)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(won) != 1 {
		t.Fatalf("%d claimers won; want exactly one", len(won))
	}
	p := won[0]
	if p.Kind != storage.DigestScheduled || p.Status != storage.DigestClaimed || !p.WeekStart.Equal(week) || p.ChannelID != "C1" || p.Attempts != 1 {
		t.Errorf("claim: %+v", p)
	}
	// Another week and another workspace are claimed apart.
	for _, c := range []struct {
		team string
		week time.Time
	}{{team, date("2026-11-23")}, {"T0OTHER", week}} {
		if _, ok, err := db.ClaimScheduledDigest(ctx, c.team, c.week, "C1", time.Hour); err != nil || !ok {
			t.Errorf("claiming %s %s: %v, %v", c.team, c.week, ok, err)
		}
	}
	// A manual post does not use up the scheduled one, and a redelivered
	// request records nothing twice.
	d := storage.Delivery{TeamID: team, UserID: "U0MANAGER", Key: "cmd:1"}
	m, err := db.ClaimManualDigest(ctx, d, week, "C1")
	if err != nil || m.Kind != storage.DigestManual || m.RequestedBy != "U0MANAGER" || m.ID == p.ID {
		t.Fatalf("manual claim: %+v, %v", m, err)
	}
	if _, err := db.ClaimManualDigest(ctx, d, week, "C1"); !errors.Is(err, storage.ErrAlreadyClaimed) {
		t.Errorf("redelivered manual claim: %v", err)
	}
	if got, ok, err := db.ScheduledDigest(ctx, team, week); err != nil || !ok || got.ID != p.ID {
		t.Errorf("scheduled digest after a manual post: %+v, %v, %v", got, ok, err)
	}
}

func TestDigestClaimRetries(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storagetest.New(t)
	week := date("2026-11-16")
	claim := func(stale time.Duration) (storage.DigestPost, bool) {
		t.Helper()
		p, ok, err := db.ClaimScheduledDigest(ctx, team, week, "C1", stale)
		if err != nil {
			t.Fatal(err)
		}
		return p, ok
	}
	// claimStale checks the claim is held while fresh, then takes it over
	// once stale.
	claimStale := func(held string) (storage.DigestPost, bool) {
		t.Helper()
		if _, ok := claim(time.Hour); ok {
			t.Fatal(held)
		}
		time.Sleep(20 * time.Millisecond)
		return claim(10 * time.Millisecond)
	}
	p, _ := claim(time.Hour)

	// Refused by Slack: free to claim again at once.
	if err := db.DigestPostFailed(ctx, p, "ratelimited", true); err != nil {
		t.Fatal(err)
	}
	p, ok := claim(time.Hour)
	if !ok || p.Attempts != 2 || p.Status != storage.DigestClaimed {
		t.Fatalf("after a refusal: %+v, %v", p, ok)
	}
	// An unknown outcome (a timeout) holds the claim until it is stale.
	if err := db.DigestPostFailed(ctx, p, "timeout", false); err != nil {
		t.Fatal(err)
	}
	p, ok = claimStale("an unsettled claim was taken over before it went stale")
	if !ok || p.Attempts != 3 {
		t.Fatalf("stale claim: %+v, %v", p, ok)
	}

	// Posted with a broken thread: a retry resumes after the message.
	if err := db.DigestMessagePosted(ctx, p, "1700000000.000100"); err != nil {
		t.Fatal(err)
	}
	if err := db.DigestThreadPosted(ctx, p, 1); err != nil {
		t.Fatal(err)
	}
	if err := db.DigestPostFailed(ctx, p, "thread reply 2 failed", true); err != nil {
		t.Fatal(err)
	}
	p, ok = claimStale("a posted digest was claimed again before it went stale")
	if !ok || p.Status != storage.DigestPosted || p.MessageTS != "1700000000.000100" || p.ThreadPosted != 1 || p.ChartFileID != "" {
		t.Fatalf("resumed claim: %+v, %v", p, ok)
	}
	if err := db.DigestChartUploaded(ctx, p, "F1"); err != nil {
		t.Fatal(err)
	}
	if err := db.DigestPostDone(ctx, p); err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond)
	if _, ok := claim(time.Millisecond); ok {
		t.Fatal("a finished digest was claimed again")
	}
	got, ok, err := db.ScheduledDigest(ctx, team, week)
	if err != nil || !ok || got.Status != storage.DigestDone || got.ChartFileID != "F1" {
		t.Errorf("finished digest: %+v, %v, %v", got, ok, err)
	}
}
