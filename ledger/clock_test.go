package ledger_test

import (
	"testing"
	"time"

	"github.com/tact-bot/tact/ledger"
)

// Today is the calendar day in the team's zone, not the server's: at
// 22:30 UTC on a Sunday it is already Monday in Moscow.
func TestClockTodayInTeamZone(t *testing.T) {
	instant := time.Date(2026, 11, 15, 22, 30, 0, 0, time.UTC)
	moscow, err := time.LoadLocation("Europe/Moscow")
	if err != nil {
		t.Fatal(err)
	}
	fixed := func() time.Time { return instant }
	tests := []struct {
		name  string
		clock ledger.Clock
		want  time.Time
	}{
		{"Moscow", ledger.NewClock(fixed, moscow), time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)},
		{"no zone is UTC", ledger.NewClock(fixed, nil), time.Date(2026, 11, 15, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		if got := tt.clock.Today(); !got.Equal(tt.want) {
			t.Errorf("%s: Today = %v, want %v", tt.name, got, tt.want)
		}
		if got := tt.clock.Now(); !got.Equal(instant) {
			t.Errorf("%s: Now = %v, want %v", tt.name, got, instant)
		}
	}
	if got := (ledger.Clock{}).Now(); time.Since(got) > time.Minute || got.Location() != time.UTC {
		t.Errorf("zero clock Now = %v, want the system time in UTC", got)
	}
}
