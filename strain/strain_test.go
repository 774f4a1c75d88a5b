package strain_test

import (
	"math"
	"strings"
	"testing"

	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/strain"
)

func TestTally(t *testing.T) {
	cases := []struct {
		scores []int
		count  int
		avg    float64
	}{
		{nil, 0, 0},
		{[]int{4}, 1, 4},
		{[]int{4, 2}, 2, 3},
		{[]int{4, 2, 5}, 3, 11.0 / 3},
		{[]int{0, 6, -1, 3}, 1, 3}, // out-of-range answers don't count
		{[]int{1, 1, 1, 1, 5}, 5, 9.0 / 5},
	}
	for _, c := range cases {
		got := strain.TallyOf(c.scores)
		if got.Count != c.count || math.Abs(got.Average()-c.avg) > 1e-9 {
			t.Errorf("TallyOf(%v) = count %d avg %.3f; want %d %.3f", c.scores, got.Count, got.Average(), c.count, c.avg)
		}
		if back := strain.TallyOfCounts(got.Counts()); back != got {
			t.Errorf("TallyOfCounts(Counts()) = %+v, want %+v", back, got)
		}
	}
}

func TestBars(t *testing.T) {
	got := strain.TallyOf([]int{5, 5, 5, 5, 4, 4, 1}).Bars(8)
	want := []string{"1 ▇▇ 1", "2  0", "3  0", "4 ▇▇▇▇ 2", "5 ▇▇▇▇▇▇▇▇ 4"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("Bars = %q, want %q", got, want)
	}
}

func TestVoterKey(t *testing.T) {
	secret := []byte("0123456789abcdef0123456789abcdef")
	a := strain.VoterKey(secret, "T1", "poll:1", "U1")
	if a != strain.VoterKey(secret, "T1", "poll:1", "U1") {
		t.Fatal("the same person in the same poll must get the same key")
	}
	for name, other := range map[string]string{
		"another person": strain.VoterKey(secret, "T1", "poll:1", "U2"),
		"another poll":   strain.VoterKey(secret, "T1", "poll:2", "U1"),
		"another team":   strain.VoterKey(secret, "T2", "poll:1", "U1"),
		"another secret": strain.VoterKey([]byte("another secret of enough length!"), "T1", "poll:1", "U1"),
		"shifted fields": strain.VoterKey(secret, "T1", "poll:1U", "1"),
	} {
		if other == a {
			t.Errorf("%s gave the same key", name)
		}
	}
	if strings.Contains(a, "U1") {
		t.Fatal("the key shows the user id")
	}
}

// TestTrend pins the one strain trend. The card and the wizard used to
// compare with 0.25 exactly, the digest with float noise absorbed: 23/12
// (12 answers) → 13/6 (6 answers) is a change of exactly a quarter point
// that float64 computes as 0.2499999…, "up" in the digest and "steady" on the card. Now it is "up"
// everywhere.
func TestTrend(t *testing.T) {
	cases := []struct {
		name string
		h    []float64
		want ledger.Direction
	}{
		{"no results", nil, ledger.Flat},
		{"one result", []float64{3}, ledger.Flat},
		{"below the tolerance", []float64{3, 3.2}, ledger.Flat},
		{"a quarter point up", []float64{3, 3.25}, ledger.Up},
		{"a quarter point down", []float64{3.25, 3}, ledger.Down},
		{"a quarter point in float noise, up", []float64{23.0 / 12, 13.0 / 6}, ledger.Up},
		{"a quarter point in float noise, down", []float64{13.0 / 6, 23.0 / 12}, ledger.Down},
		{"just below a quarter point", []float64{3, 3.2499}, ledger.Flat},
		{"just below a quarter point, down", []float64{3.2499, 3}, ledger.Flat},
		{"a big fall", []float64{4, 2}, ledger.Down},
		{"only the last two count", []float64{1, 5, 3.1, 3}, ledger.Flat},
	}
	for _, c := range cases {
		if got := strain.Trend(c.h); got != c.want {
			t.Errorf("%s: Trend(%v) = %q, want %q", c.name, c.h, got, c.want)
		}
	}
	noisy := []float64{23.0 / 12, 13.0 / 6} // float64s: the subtraction below is not a constant's
	if d := noisy[1] - noisy[0]; d >= strain.TrendTolerance {
		t.Fatalf("the float-noise case no longer exercises the noise: %v", d)
	}
}

func TestButtonID(t *testing.T) {
	secret := []byte("0123456789abcdef0123456789abcdef")
	seen := map[string]int{}
	for s := strain.MinScore; s <= strain.MaxScore; s++ {
		id := strain.ButtonID(secret, "T1", "poll:7", s)
		if prev, dup := seen[id]; dup {
			t.Fatalf("scores %d and %d share button id %s", prev, s, id)
		}
		seen[id] = s
		if len(id) != 16 || strings.Trim(id, "0123456789abcdef") != "" {
			t.Errorf("button id %q should be 16 hex characters", id)
		}
		if id != strain.ButtonID(secret, "T1", "poll:7", s) {
			t.Error("a button id must be stable: live updates re-render the buttons")
		}
		if id == strain.ButtonID(secret, "T1", "poll:8", s) {
			t.Error("another poll's button got the same id")
		}
	}
}
