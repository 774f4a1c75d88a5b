package farewell_test

import (
	"reflect"
	"testing"

	"github.com/tact-bot/tact/farewell"
	"github.com/tact-bot/tact/ledger"
)

func TestSummariseLessons(t *testing.T) {
	late, scope, rude, ours := ledger.LatePayment, ledger.ScopeCreep, ledger.Disrespect, ledger.OurMiss
	got := farewell.Summarise([]farewell.Parting{
		{Client: "A", Early: []ledger.Category{late, late, scope}, Lesson: &farewell.Lessons{ScreenFor: " a 20% deposit "}},
		{Client: "B", Early: []ledger.Category{late, ours, ours}},
		{Client: "C", Early: []ledger.Category{late, rude, scope}, Lesson: &farewell.Lessons{EarlySigns: "rude from day one"}},
		{Client: "D", Early: []ledger.Category{ours}, Lesson: &farewell.Lessons{ScreenFor: "a change-order clause"}},
	})
	want := farewell.LessonSummary{
		Partings: 4,
		// Late payments began 3 of 4; scope creep 2 of 4 (half); one insult
		// is no pattern, and our own misses never are.
		Patterns:  []farewell.Pattern{{Category: late, Count: 3, Of: 4}, {Category: scope, Count: 2, Of: 4}},
		ScreenFor: []string{"a 20% deposit", "a change-order clause"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Summarise = %+v; want %+v", got, want)
	}
	if s := farewell.Summarise(nil); s.Partings != 0 || s.Patterns != nil {
		t.Errorf("no partings: %+v", s)
	}
	// One parting is no pattern however it began.
	if s := farewell.Summarise([]farewell.Parting{{Early: []ledger.Category{late}}}); len(s.Patterns) != 0 {
		t.Errorf("a single parting made a pattern: %+v", s)
	}
}
