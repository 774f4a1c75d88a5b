package storage_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/storage/storagetest"
	"github.com/tact-bot/tact/strain"
)

// Helpers of the strain tests carry an "sp" prefix: other features' tests
// share this package.
const spTeam = "T0STRAIN"

var spSecret = []byte("strain-test-secret-0123456789abcdef")

func spKey(scope, user string) string { return strain.VoterKey(spSecret, spTeam, scope, user) }

func spPoll(t *testing.T, db *storage.DB, client int64, closes time.Time) storage.Poll {
	t.Helper()
	p, err := db.CreatePoll(context.Background(), storage.Delivery{TeamID: spTeam, UserID: "U0CREATOR", Key: fmt.Sprintf("create:%d", spDeliveries.Add(1))},
		storage.NewPoll{ClientID: client, Channel: "C1", Lang: "en", CreatedBy: "U0CREATOR", ClosesAt: closes})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

var spDeliveries atomic.Int64

func spVote(db *storage.DB, poll int64, user string, score int, now time.Time) error {
	_, err := db.Vote(context.Background(), spTeam, poll, spKey(fmt.Sprintf("poll:%d", poll), user), score, now)
	return err
}

func spComment(db *storage.DB, poll int64, user, body string, now time.Time) error {
	return db.SetPollComment(context.Background(), spTeam, poll, spKey(fmt.Sprintf("poll:%d:comment", poll), user), body, now)
}

// spAcmeDB is a fresh database with the client Acme.
func spAcmeDB(t *testing.T) (*storage.DB, int64) {
	t.Helper()
	db := storagetest.New(t)
	return db, ihClient(t, db, spTeam, "Acme")
}

// spOpenPoll is a fresh database with a poll on Acme closing in an hour
// from now.
func spOpenPoll(t *testing.T) (*storage.DB, storage.Poll, time.Time) {
	t.Helper()
	db, acme := spAcmeDB(t)
	now := time.Now()
	return db, spPoll(t, db, acme, now.Add(time.Hour)), now
}

// spCount runs a count(*) query.
func spCount(t *testing.T, db *storage.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.X().Get(&n, query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func spView(t *testing.T, db *storage.DB, poll int64) storage.PollView {
	t.Helper()
	v, err := db.PollView(context.Background(), spTeam, poll)
	if err != nil {
		t.Fatalf("reading poll %d: %v", poll, err)
	}
	return v
}

func TestPollVotesReplaceAndClose(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, acme := spAcmeDB(t)
	now := time.Now()
	poll := spPoll(t, db, acme, now.Add(72*time.Hour))
	if poll.Client != "Acme" || poll.CreatedBy != "U0CREATOR" || poll.Closed() || !poll.OpenAt(now) {
		t.Fatalf("new poll = %+v", poll)
	}

	for _, v := range []struct {
		user  string
		score int
	}{{"U1", 4}, {"U2", 2}, {"U1", 5}} { // U1 changes their mind
		if err := spVote(db, poll.ID, v.user, v.score, now); err != nil {
			t.Fatal(err)
		}
	}
	v := spView(t, db, poll.ID)
	if v.Answers != 2 || v.Shown || v.Tally != (strain.Tally{}) {
		t.Fatalf("an open poll's view = %+v; want the count and nothing of the answers", v)
	}
	if err := spVote(db, poll.ID, "U3", 9, now); err == nil {
		t.Fatal("a score out of range was stored")
	}
	// A redelivered click upserts the same row: still one answer.
	for range 2 {
		if _, err := db.Vote(ctx, spTeam, poll.ID, spKey("x", "U4"), 3, now); err != nil {
			t.Fatal(err)
		}
	}
	if err := spVote(db, poll.ID+1000, "U1", 3, now); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("vote in a missing poll: %v", err)
	}
	if err := spVote(db, poll.ID, "U5", 3, now.Add(73*time.Hour)); !errors.Is(err, storage.ErrClosed) {
		t.Fatalf("vote after the closing time: %v, want ErrClosed", err)
	}

	won, err := db.ClosePoll(ctx, spTeam, poll.ID, now, 3)
	if err != nil || !won {
		t.Fatalf("closing: %v %v", won, err)
	}
	if won, err := db.ClosePoll(ctx, spTeam, poll.ID, now, 3); err != nil || won {
		t.Fatalf("closing again: %v %v, want false", won, err)
	}
	if err := spVote(db, poll.ID, "U5", 3, now); !errors.Is(err, storage.ErrClosed) {
		t.Fatalf("vote after close: %v, want ErrClosed", err)
	}
	closed, err := db.Poll(ctx, spTeam, poll.ID)
	if err != nil || !closed.Closed() || closed.CreatedBy != "" || closed.Answers != 3 {
		t.Fatalf("closed poll = %+v, %v; the creator should be forgotten and 3 answers kept", closed, err)
	}
	v = spView(t, db, poll.ID)
	if v.Tally.Count != 3 || !v.Shown || math.Abs(v.Tally.Average()-10.0/3) > 1e-9 { // 5, 2 and 3
		t.Fatalf("final tally = %+v", v.Tally)
	}
	if votes := spCount(t, db, `SELECT count(*) FROM strain_votes WHERE poll_id = $1`, poll.ID); votes != 0 {
		t.Fatalf("%d votes kept after the close; only the tally should be", votes)
	}
}

// A higher STRAIN_MIN_ANSWERS keeps nothing of a poll below it.
func TestPollMinAnswersIsConfigurable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, poll, now := spOpenPoll(t)
	for i := range 4 {
		if err := spVote(db, poll.ID, fmt.Sprintf("U%d", i), 2, now); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.ClosePoll(ctx, spTeam, poll.ID, now, 5); err != nil {
		t.Fatal(err)
	}
	if v := spView(t, db, poll.ID); v.Shown || v.Answers != 4 {
		t.Fatalf("4 answers under a minimum of 5: %+v", v)
	}
}

func TestPollClosedWithFewAnswersForgetsThem(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, poll, now := spOpenPoll(t)
	for i, s := range []int{5, 1} {
		if err := spVote(db, poll.ID, fmt.Sprintf("U%d", i), s, now); err != nil {
			t.Fatal(err)
		}
	}
	if err := spComment(db, poll.ID, "U0", "too many late calls", now); err != nil {
		t.Fatal(err)
	}
	ids, err := db.CloseDuePolls(ctx, spTeam, now.Add(2*time.Hour), time.Minute, 3)
	if err != nil || len(ids) != 1 || ids[0] != poll.ID {
		t.Fatalf("CloseDuePolls = %v, %v", ids, err)
	}
	votes := spCount(t, db, `SELECT count(*) FROM strain_votes WHERE poll_id = $1`, poll.ID)
	comments := spCount(t, db, `SELECT count(*) FROM strain_comments WHERE poll_id = $1`, poll.ID)
	if votes != 0 || comments != 0 {
		t.Fatalf("%d votes and %d comments kept after closing with 2 answers", votes, comments)
	}
	v := spView(t, db, poll.ID)
	if v.Answers != 2 || v.Shown || v.Tally.Count != 0 || len(v.Comments) != 0 {
		t.Fatalf("closed view = %+v", v)
	}
	if err := spComment(db, poll.ID, "U1", "late", now); !errors.Is(err, storage.ErrClosed) {
		t.Fatalf("comment on a closed poll: %v", err)
	}
}

// One comment per voter: a second replaces the first, so one person cannot
// fill the comments; other voters are capped at MaxPollComments.
func TestPollCommentsOnePerVoterAndCapped(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, poll, now := spOpenPoll(t)
	for i := range 5 {
		if err := spComment(db, poll.ID, "U0LOUD", fmt.Sprintf("again %d", i), now); err != nil {
			t.Fatal(err)
		}
	}
	for i := 1; i < storage.MaxPollComments; i++ {
		if err := spComment(db, poll.ID, fmt.Sprintf("U%d", i), fmt.Sprintf("comment %03d", i), now); err != nil {
			t.Fatal(err)
		}
	}
	if err := spComment(db, poll.ID, "U0LATE", "x", now); !errors.Is(err, storage.ErrConflict) {
		t.Fatalf("comment over the cap: %v, want ErrConflict", err)
	}
	if err := spComment(db, poll.ID, "U1", "changed my mind", now); err != nil {
		t.Fatalf("a commenter replacing their comment at the cap: %v", err)
	}
	for i := range 3 {
		if err := spVote(db, poll.ID, fmt.Sprintf("U%d", i), 3, now); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.ClosePoll(ctx, spTeam, poll.ID, now, 3); err != nil {
		t.Fatal(err)
	}
	v := spView(t, db, poll.ID)
	got := map[string]bool{}
	for _, c := range v.Comments {
		got[c] = true
	}
	if len(v.Comments) != storage.MaxPollComments || !got["again 4"] || got["again 0"] || !got["changed my mind"] || got["comment 001"] {
		t.Fatalf("comments after close: %d, loud %v/%v, replaced %v/%v", len(v.Comments), got["again 4"], got["again 0"], got["changed my mind"], got["comment 001"])
	}
	if keyed := spCount(t, db, `SELECT count(*) FROM strain_comments WHERE voter_key IS NOT NULL`); keyed != 0 {
		t.Fatalf("%d comments keep their voter key after the close", keyed)
	}
}

// Many replicas closing at once: each due poll is returned to exactly one.
func TestCloseDuePollsRacingClosesEachOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, acme := spAcmeDB(t)
	now := time.Now()
	var polls []int64
	for range 5 {
		p := spPoll(t, db, acme, now.Add(time.Minute))
		if err := db.SetPollMessage(ctx, spTeam, p.ID, "1.1"); err != nil {
			t.Fatal(err)
		}
		polls = append(polls, p.ID)
	}
	open := spPoll(t, db, acme, now.Add(time.Hour))
	var mu sync.Mutex
	got := map[int64]int{}
	var wg sync.WaitGroup
	for range 6 {
		wg.Go(func() {
			ids, err := db.CloseDuePolls(ctx, spTeam, now.Add(2*time.Minute), 5*time.Minute, 3)
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			for _, id := range ids {
				got[id]++
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	for _, id := range polls {
		if got[id] != 1 {
			t.Errorf("poll %d closed %d times", id, got[id])
		}
	}
	if got[open.ID] != 0 {
		t.Error("a poll still open was closed")
	}
	// A closer that never posted its message is retried after the delay, once.
	ids, err := db.CloseDuePolls(ctx, spTeam, now.Add(10*time.Minute), 5*time.Minute, 3)
	if err != nil || len(ids) != len(polls) {
		t.Fatalf("retry after a dead closer: %v %v", ids, err)
	}
	for _, id := range polls {
		if err := db.ReleasePollRender(ctx, spTeam, id, 0, true); err != nil {
			t.Fatal(err)
		}
	}
	if ids, err := db.CloseDuePolls(ctx, spTeam, now.Add(30*time.Minute), 5*time.Minute, 3); err != nil || len(ids) != 0 {
		t.Fatalf("posted polls came back: %v %v", ids, err)
	}
}

// One renderer at a time holds a poll's message, with no transaction open;
// a live render is never taken once the poll is closed, so it cannot
// overwrite the result; the shown count tells whether to look again.
func TestPollRenderLease(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, poll, now := spOpenPoll(t)
	if err := spVote(db, poll.ID, "U1", 2, now); err != nil {
		t.Fatal(err)
	}
	if behind, _ := db.PollBehind(ctx, spTeam, poll.ID); !behind {
		t.Fatal("a vote did not leave the message behind")
	}
	if got, err := db.ClaimPollRender(ctx, spTeam, poll.ID, false); err != nil || !got {
		t.Fatalf("first claim: %v %v", got, err)
	}
	if got, err := db.ClaimPollRender(ctx, spTeam, poll.ID, false); err != nil || got {
		t.Fatalf("a second renderer got the lease while the first held it: %v %v", got, err)
	}
	// Votes are not held up by a render in progress.
	if err := spVote(db, poll.ID, "U2", 3, now); err != nil {
		t.Fatal(err)
	}
	if err := db.ReleasePollRender(ctx, spTeam, poll.ID, 1, false); err != nil {
		t.Fatal(err)
	}
	if behind, _ := db.PollBehind(ctx, spTeam, poll.ID); !behind {
		t.Fatal("the vote during the render was not left for the next render")
	}
	if got, _ := db.ClaimPollRender(ctx, spTeam, poll.ID, false); !got {
		t.Fatal("the released lease was not free")
	}
	if err := db.ReleasePollRender(ctx, spTeam, poll.ID, 2, false); err != nil {
		t.Fatal(err)
	}
	if behind, _ := db.PollBehind(ctx, spTeam, poll.ID); behind {
		t.Fatal("the message shows every answer, yet counts as behind")
	}
	if _, err := db.ClosePoll(ctx, spTeam, poll.ID, now, 3); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.ClaimPollRender(ctx, spTeam, poll.ID, false); got {
		t.Fatal("a live render claimed a closed poll's message")
	}
	if got, _ := db.ClaimPollRender(ctx, spTeam, poll.ID, true); !got {
		t.Fatal("the final render could not claim the message")
	}
}

func TestLatestStrainFromPollsAndPulses(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, acme := spAcmeDB(t)
	globex := ihClient(t, db, spTeam, "Globex")
	initech := ihClient(t, db, spTeam, "Initech")
	now := time.Now()

	closePoll := func(client int64, scores ...int) {
		t.Helper()
		p := spPoll(t, db, client, now.Add(time.Hour))
		for i, s := range scores {
			if err := spVote(db, p.ID, fmt.Sprintf("U%d", i), s, now); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.ClosePoll(ctx, spTeam, p.ID, now, 3); err != nil {
			t.Fatal(err)
		}
	}
	closePoll(acme, 2, 2, 2)    // 2.0
	closePoll(acme, 5, 5)       // too few: never counts
	closePoll(globex, 1, 1, 1)  // 1.0
	closePoll(initech, 4, 4, 4) // 4.0, then nothing more for Initech

	// A pulse: Acme gets 3 answers (4, 4, 5), Globex only 2.
	pulse, created, err := db.CreatePulse(ctx, spTeam, "2026-11", "C1", "en", now.Add(time.Hour))
	if err != nil || !created {
		t.Fatalf("creating pulse: %v %v", created, err)
	}
	if _, again, err := db.CreatePulse(ctx, spTeam, "2026-11", "C1", "en", now.Add(time.Hour)); err != nil || again {
		t.Fatalf("a second pulse for the month: %v %v", again, err)
	}
	for i, scores := range [][2]int{{4, 3}, {4, 3}, {5, 0}} {
		user := fmt.Sprintf("U%d", i)
		err := db.AnswerPulse(ctx, spTeam, pulse.ID, []storage.PulseAnswer{
			{ClientID: acme, VoterKey: spKey(fmt.Sprintf("pulse:2026-11:%d", acme), user), Score: scores[0]},
			{ClientID: globex, VoterKey: spKey(fmt.Sprintf("pulse:2026-11:%d", globex), user), Score: scores[1]},
		}, now)
		if err != nil {
			t.Fatal(err)
		}
	}
	// U0 re-submits: Acme 1 instead of 4, and skips Globex now.
	err = db.AnswerPulse(ctx, spTeam, pulse.ID, []storage.PulseAnswer{
		{ClientID: acme, VoterKey: spKey(fmt.Sprintf("pulse:2026-11:%d", acme), "U0"), Score: 1},
		{ClientID: globex, VoterKey: spKey(fmt.Sprintf("pulse:2026-11:%d", globex), "U0"), Score: 0},
	}, now)
	if err != nil {
		t.Fatal(err)
	}
	if yes, err := db.PulseAnswered(ctx, pulse.ID, []string{spKey(fmt.Sprintf("pulse:2026-11:%d", acme), "U0")}); err != nil || !yes {
		t.Fatalf("PulseAnswered = %v, %v", yes, err)
	}
	if yes, _ := db.PulseAnswered(ctx, pulse.ID, []string{spKey(fmt.Sprintf("pulse:2026-11:%d", acme), "U9")}); yes {
		t.Fatal("someone who never answered counts as answered")
	}
	ids, err := db.CloseDuePulses(ctx, spTeam, now.Add(2*time.Hour), time.Minute, 3)
	if err != nil || len(ids) != 1 {
		t.Fatalf("CloseDuePulses = %v, %v", ids, err)
	}
	if err := db.AnswerPulse(ctx, spTeam, pulse.ID, nil, now); !errors.Is(err, storage.ErrClosed) {
		t.Fatalf("answer after close: %v", err)
	}
	results, err := db.PulseResults(ctx, spTeam, pulse.ID)
	if err != nil || len(results) != 1 || results[0].ClientID != acme || results[0].Tally.Count != 3 {
		t.Fatalf("pulse results = %+v, %v; Globex's single answer should be gone", results, err)
	}
	if answers := spCount(t, db, `SELECT count(*) FROM strain_pulse_answers`); answers != 0 {
		t.Fatalf("%d pulse answers kept after the close; only tallies should be", answers)
	}

	got, err := db.LatestStrain(ctx, spTeam, time.Now().Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	a := got[acme]
	if a.Answers != 3 || math.Abs(a.Average-10.0/3) > 1e-9 || len(a.History) != 2 || a.History[0] != 2 {
		t.Errorf("Acme = %+v, want the pulse's 3.33 after the poll's 2.0", a)
	}
	if g := got[globex]; g.Average != 1 || len(g.History) != 1 {
		t.Errorf("Globex = %+v, want only its poll", g)
	}
	if i := got[initech]; i.Average != 4 || i.ClosedAt.IsZero() || !i.Day.Equal(time.Date(i.ClosedAt.Year(), i.ClosedAt.Month(), i.ClosedAt.Day(), 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Initech = %+v", i)
	}
	if len(got) != 3 {
		t.Errorf("LatestStrain has %d clients, want 3", len(got))
	}
	before, err := db.LatestStrain(ctx, spTeam, now.Add(-time.Hour))
	if err != nil || len(before) != 0 {
		t.Errorf("results closed after asOf were counted: %v %v", before, err)
	}
	other, err := db.LatestStrain(ctx, "T0OTHER", time.Now().Add(time.Minute))
	if err != nil || len(other) != 0 {
		t.Errorf("another workspace sees results: %v %v", other, err)
	}
}
