package farewell

import (
	"cmp"
	"slices"
	"strings"

	"github.com/tact-bot/tact/ledger"
)

// Learning which clients to avoid (seed 004's closing lesson): three
// answers written down on a parting's last day, and the patterns across
// past partings, shown on /tact lessons and when a client is added.

// Lessons are the answers written down after a parting.
type Lessons struct {
	EarlySigns string `json:"early_signs"` // the early signs we saw
	When       string `json:"when"`        // when they appeared
	ScreenFor  string `json:"screen_for"`  // what we would screen for next time
}

// MaxLessonRunes bounds each answer.
const MaxLessonRunes = 1000

// Clean trims the answers.
func (l Lessons) Clean() Lessons {
	return Lessons{EarlySigns: strings.TrimSpace(l.EarlySigns), When: strings.TrimSpace(l.When), ScreenFor: strings.TrimSpace(l.ScreenFor)}
}

// Empty reports whether nothing was written.
func (l Lessons) Empty() bool { return l.Clean() == Lessons{} }

// EarlyDays is how long after a client's start its incidents count as the
// early signs of a parting: the first two months.
const EarlyDays = 60

// Parting is what one past parting tells: the incident categories logged
// in its first EarlyDays, and the lessons written down, if any.
type Parting struct {
	Client string
	Early  []ledger.Category
	Lesson *Lessons
}

// Pattern is an early sign shared by past partings: Count of Of began
// with incidents of Category in their first two months.
type Pattern struct {
	Category  ledger.Category
	Count, Of int
}

// LessonSummary is the patterns across past partings, the commonest
// first, and what past lessons say to screen for, newest first.
type LessonSummary struct {
	Partings  int
	Patterns  []Pattern
	ScreenFor []string
}

// MinPatternPartings is how many partings must share an early sign before
// it is called a pattern (and at least half of them must).
const MinPatternPartings = 2

// Summarise finds the patterns in past partings, given newest first.
func Summarise(partings []Parting) LessonSummary {
	s := LessonSummary{Partings: len(partings)}
	counts := map[ledger.Category]int{}
	for _, p := range partings {
		for _, c := range uniqueAgainstClient(p.Early) {
			counts[c]++
		}
		if p.Lesson != nil && strings.TrimSpace(p.Lesson.ScreenFor) != "" {
			s.ScreenFor = append(s.ScreenFor, strings.TrimSpace(p.Lesson.ScreenFor))
		}
	}
	for c, n := range counts {
		if n >= MinPatternPartings && 2*n >= len(partings) {
			s.Patterns = append(s.Patterns, Pattern{Category: c, Count: n, Of: len(partings)})
		}
	}
	order := ledger.Categories()
	slices.SortFunc(s.Patterns, func(a, b Pattern) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(slices.Index(order, a.Category), slices.Index(order, b.Category)))
	})
	return s
}

func uniqueAgainstClient(cs []ledger.Category) []ledger.Category {
	var out []ledger.Category
	for _, c := range cs {
		if c.AgainstClient() && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}
