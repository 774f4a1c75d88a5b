package ledger_test

import (
	"testing"

	"github.com/tact-bot/tact/ledger"
)

func TestParseDuration(t *testing.T) {
	checkParse(t, "ParseDuration", ledger.ParseDuration, []parseCase[int]{
		{"90m", 90, nil},
		{"90M", 90, nil},
		{"30min", 30, nil},
		{"30 min", 30, nil},
		{"5 minutes", 5, nil},
		{"2h", 120, nil},
		{"2H", 120, nil},
		{"2 hours", 120, nil},
		{"1hr", 60, nil},
		{"1.5h", 90, nil},
		{"1,5h", 90, nil},
		{"1.25h", 75, nil},
		{"0.1h", 6, nil},
		{"1.33h", 80, nil},  // 79.8 rounds to 80
		{"0.0125h", 1, nil}, // 0.75 min rounds up to 1
		{"1h30m", 90, nil},
		{"1h30min", 90, nil},
		{"1h 30m", 90, nil},
		{"1h30", 90, nil},
		{"1:30", 90, nil},
		{"0:45", 45, nil},
		{"24:00", 1440, nil},
		{"2ч", 120, nil},
		{"2 часа", 120, nil},
		{"1.5ч", 90, nil},
		{"1,5ч", 90, nil},
		{"1ч30м", 90, nil},
		{"1ч 30м", 90, nil},
		{"1ч30", 90, nil},
		{"1ч30мин", 90, nil},
		{"45мин", 45, nil},
		{"45 мин.", 45, nil},
		{"45м", 45, nil},
		{"10 минут", 10, nil},
		{"1m", 1, nil},
		{"24h", 1440, nil},
		{"1440m", 1440, nil},
		{"23h60m", 0, ledger.ErrDurationSyntax}, // minutes part must be < 60

		{"", 0, ledger.ErrDurationEmpty},
		{"  ", 0, ledger.ErrDurationEmpty},
		{"0m", 0, ledger.ErrDurationRange},
		{"0h", 0, ledger.ErrDurationRange},
		{"0:00", 0, ledger.ErrDurationRange},
		{"0.001h", 0, ledger.ErrDurationRange}, // rounds to zero minutes
		{"-30m", 0, ledger.ErrDurationRange},
		{"-1h", 0, ledger.ErrDurationRange},
		{"25h", 0, ledger.ErrDurationRange},
		{"24h1m", 0, ledger.ErrDurationRange},
		{"1441m", 0, ledger.ErrDurationRange},
		{"24:01", 0, ledger.ErrDurationRange},
		{"99999999999999999999h", 0, ledger.ErrDurationRange},
		{"90", 0, ledger.ErrDurationNoUnit},
		{"1.5", 0, ledger.ErrDurationNoUnit},
		{"abc", 0, ledger.ErrDurationSyntax},
		{"h", 0, ledger.ErrDurationSyntax},
		{"2x", 0, ledger.ErrDurationSyntax},
		{"2d", 0, ledger.ErrDurationSyntax},
		{"1.5m", 0, ledger.ErrDurationSyntax}, // no fractional minutes
		{"1.5h30m", 0, ledger.ErrDurationSyntax},
		{"1h 30", 0, ledger.ErrDurationSyntax}, // after a space the minutes need a unit
		{"1h30h", 0, ledger.ErrDurationSyntax},
		{"30m1h", 0, ledger.ErrDurationSyntax},
		{"1:5", 0, ledger.ErrDurationSyntax},
		{"1:60", 0, ledger.ErrDurationSyntax},
		{":30", 0, ledger.ErrDurationSyntax},
		{"1:30:00", 0, ledger.ErrDurationSyntax},
		{"1.h", 0, ledger.ErrDurationSyntax},
		{"1.12345h", 0, ledger.ErrDurationSyntax},
		{"2h design", 0, ledger.ErrDurationSyntax},
	})
}
