package digest_test

import (
	"testing"

	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/ledger"
)

func TestSparkline(t *testing.T) {
	tests := []struct {
		name   string
		values []int64
		want   string
	}{
		{"flat", []int64{5, 5, 5, 5}, "████"},
		{"zero", []int64{0, 0, 0, 0}, "▁▁▁▁"},
		// ×7/4: 1.75 → 2, 3.5 → 4, 5.25 → 5, 7.
		{"rising", []int64{1, 2, 3, 4}, "▃▅▆█"},
		// 1×7/100 = 0.07 rounds to the lowest bar, but it is not nothing:
		// it gets the second; 50×7/100 = 3.5 → 4.
		{"small but not nothing", []int64{0, 1, 100, 50}, "▁▂█▅"},
		{"negative reads as zero", []int64{-5, 10}, "▁█"},
		{"empty", nil, ""},
	}
	for _, tt := range tests {
		if got := digest.Sparkline(tt.values); got != tt.want {
			t.Errorf("%s: Sparkline(%v) = %q; want %q", tt.name, tt.values, got, tt.want)
		}
	}
}

func TestTrendOf(t *testing.T) {
	tests := []struct {
		series []int64
		want   ledger.Direction
	}{
		{[]int64{100, 100, 100, 111}, ledger.Up},   // 111 > 100 × 1.1
		{[]int64{100, 100, 100, 110}, ledger.Flat}, // exactly 10% is still noise
		{[]int64{100, 100, 100, 89}, ledger.Down},  // 89 < 100 × 0.9
		{[]int64{100, 100, 100, 90}, ledger.Flat},
		{[]int64{90, 120, 90, 115}, ledger.Up}, // mean 100
		{[]int64{0, 0, 0, 0}, ledger.Flat},
		{[]int64{0, 0, 0, 1}, ledger.Up},   // from nothing to something
		{[]int64{5, 0, 0, 0}, ledger.Down}, // mean 5/3, now nothing
		{[]int64{7}, ledger.Flat},
		{nil, ledger.Flat},
	}
	for _, tt := range tests {
		if got := digest.TrendOf(tt.series); got != tt.want {
			t.Errorf("TrendOf(%v) = %s; want %s", tt.series, got, tt.want)
		}
	}
}

func TestStrainTrend(t *testing.T) {
	tests := []struct {
		history []float64
		want    ledger.Direction
	}{
		{[]float64{3.0, 3.25}, ledger.Up}, // a quarter point is a change
		{[]float64{3.0, 3.2}, ledger.Flat},
		{[]float64{4.0, 2.0, 3.5, 3.0}, ledger.Down}, // only the last two polls count
		{[]float64{3.0, 2.8}, ledger.Flat},
		{[]float64{3.0}, ledger.Flat},
		{nil, ledger.Flat},
	}
	for _, tt := range tests {
		c := digest.ClientInput{Name: "A", StrainHistory: tt.history}
		if n := len(tt.history); n > 0 {
			c.Strain = &digest.StrainFact{Score: tt.history[n-1], Day: day("2024-03-12")}
		}
		if got := one(nil, c).StrainTrend; got != tt.want {
			t.Errorf("strain trend of %v = %s; want %s", tt.history, got, tt.want)
		}
	}
}
