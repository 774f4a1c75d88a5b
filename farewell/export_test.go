package farewell

import (
	"maps"
	"slices"
)

// Exports for the package's external tests only.

// IDs lists every message id the plan uses, nested ones included, sorted
// and without repeats.
func (p Plan) IDs() []string {
	seen := map[string]bool{}
	var walkLine func(Line)
	var walkArg func(Arg)
	walkLine = func(l Line) {
		seen[l.ID] = true
		for _, a := range l.Args {
			walkArg(a)
		}
	}
	walkArg = func(a Arg) {
		switch v := a.(type) {
		case Line:
			walkLine(v)
		case list:
			for _, it := range v.items {
				walkArg(it)
			}
		}
	}
	walkParas := func(ps []Para) {
		for _, p := range ps {
			for _, l := range p.Lines {
				walkLine(l)
			}
		}
	}
	walkParas(p.Summary)
	for _, s := range p.Conversation {
		walkLine(s.Title)
		for _, l := range s.Note {
			walkLine(l)
		}
		walkParas(s.Text)
	}
	walkParas(p.ReferralNote)
	walkParas(p.ReferralIntro)
	for _, l := range p.Checklist {
		walkLine(l)
	}
	walkParas(p.BoundaryMemo)
	walkParas(p.DeskNote)
	walkParas(p.RecoveryPlan)
	return slices.Sorted(maps.Keys(seen))
}
