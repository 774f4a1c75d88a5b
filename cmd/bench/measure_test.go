package main

import (
	"testing"
	"time"
)

func TestPercentilesAreNearestRank(t *testing.T) {
	var d []time.Duration
	for i := 1; i <= 200; i++ {
		d = append(d, time.Duration(i)*time.Millisecond)
	}
	for _, tt := range []struct {
		p    float64
		want float64
	}{{50, 100}, {90, 180}, {99, 198}, {100, 200}, {0, 1}} {
		if got := pct(d, tt.p); got != tt.want {
			t.Errorf("p%g of 1..200 ms = %g, want %g", tt.p, got, tt.want)
		}
	}
	if got := pct(nil, 99); got != 0 {
		t.Errorf("p99 of nothing = %g", got)
	}
}

func TestMedianOfRuns(t *testing.T) {
	if got := median([]float64{9, 1, 5}); got != 5 {
		t.Errorf("median of 9, 1, 5 = %g", got)
	}
	if got := median([]float64{4, 1, 3, 2}); got != 2.5 {
		t.Errorf("median of 4, 1, 3, 2 = %g", got)
	}
	if got := medianInt([]int{0, 3, 0}); got != 0 {
		t.Errorf("median lost count of 0, 3, 0 = %d", got)
	}
}

func TestTargetsNameWhatIsMissed(t *testing.T) {
	sums := []summary{
		{Name: "hours-1000", Rate: 1000, result: result{AckP99: 12, ReplyP99: 80, RSSIdleMB: 20, RSSPeakMB: 30}, WorstBusy: 3},
		{Name: "incident-50", Rate: 50, modal: true, result: result{TriggerAgeP99: 20, RSSIdleMB: 20, RSSPeakMB: 30}, WorstLost: 1},
	}
	got := map[string]bool{}
	for _, v := range verdicts(sums) {
		got[v] = true
	}
	for _, want := range []string{
		"MISSED  ack p99 ≤ 10 ms at 1,000/s (hours-1000: 12)",
		"met     reply p99 ≤ 100 ms at 1,000/s (hours-1000)",
		"MISSED  0 busy at 1,000/s (hours-1000: 3)",
		"met     views.open trigger age p99 ≤ 100 ms (incident-50)",
		"MISSED  0 lost (incident-50: 1)",
	} {
		if !got[want] {
			t.Errorf("verdicts lack %q: %v", want, verdicts(sums))
		}
	}
}

// The handled rate leaves out what was turned away or lost, and its share
// of the insert loop is a plain ratio.
func TestHandledAgainstTheBaseline(t *testing.T) {
	s := summary{}
	s.Sent, s.Busy, s.Lost = 10000, 3000, 1000
	s.against(10*time.Second, 8000)
	if s.Handled != 600 || s.OfBaseline != 0.08 {
		t.Errorf("handled %g/s, %g of the baseline; want 600 and 0.08", s.Handled, s.OfBaseline)
	}
	s.against(10*time.Second, 0)
	if s.OfBaseline != 0 {
		t.Errorf("with no baseline the share is %g; want 0", s.OfBaseline)
	}
}
