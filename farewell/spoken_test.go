package farewell_test

import (
	"regexp"
	"testing"

	"github.com/tact-bot/tact/farewell"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
)

func TestRoundSpoken(t *testing.T) {
	for _, tt := range []struct{ minor, want int64 }{
		{691_875, 690_000},     // $6,918.75 → $6,900
		{3_492_857, 3_500_000}, // $34,928.57 → $35,000
		{1_119_075, 1_100_000}, // $11,190.75 → $11,000
		{4_349, 4_300},         // $43.49 → $43
		{15_249, 15_000},       // $152.49 → $150
		{-691_875, -690_000},   // a loss rounds the same way
		{0, 0},
	} {
		if got := ledger.RoundSpoken(tt.minor, 2); got != tt.want {
			t.Errorf("RoundSpoken(%d) = %d; want %d", tt.minor, got, tt.want)
		}
	}
	if got := ledger.RoundSpoken(691_875, 0); got != 690_000 {
		t.Errorf("in a currency without minor units: %d", got)
	}
}

// Whatever the figures, the spoken script carries no amount with cents and
// no hours with a fraction other than a half.
func TestScriptFiguresAreSpeakable(t *testing.T) {
	cat := catalog(t)
	cents := regexp.MustCompile(`\d[.,]\d\d(\D|$)`)
	oddHours := regexp.MustCompile(`\d[.,](\d*[1-46-9]\d*|5\d+) (hours|часа|часов)`)
	for _, minutes := range []int{45, 95, 9_855, 4_680, 612, 100_003} {
		for _, money := range []int64{691_875, 3_492_857, 99, 123_456_789} {
			for _, lang := range []string{locale.EN, locale.RU} {
				ev := evidence()
				ev.Minutes12w, ev.Cost12w, ev.Revenue12w = minutes, money, money/3+17
				dr, err := farewell.Draft(cat, ev, partWays(lang))
				if err != nil {
					t.Fatal(err)
				}
				said := dr.Conversation[1].Text
				if m := cents.FindString(said); m != "" {
					t.Errorf("%s %d min, %d: %q in %s", lang, minutes, money, m, said)
				}
				if m := oddHours.FindString(said); m != "" {
					t.Errorf("%s %d min: %q in %s", lang, minutes, m, said)
				}
			}
		}
	}
}
