package ledger

import (
	"errors"
	"slices"
	"strings"
	"unicode"
)

// HoursDraft is what was understood of
// "/hours <client> <duration> [<department>] [<note>]".
type HoursDraft struct {
	Client     Resolution
	Minutes    int    // 1..1440 when understood, else 0
	Duration   string // the duration as typed
	Department string // a known department (its known spelling); "" means the person's default
	// OutsideContract marks work the contract does not cover ("extra",
	// "вне договора" after the duration and department).
	OutsideContract bool
	Note            string // the rest of the text, exactly as typed
	Problems        []Problem
}

// Complete reports whether every required part was understood.
func (d HoursDraft) Complete() bool { return len(d.Problems) == 0 }

// ParseHoursText parses the text of /hours. The duration may be one word
// ("1h30m") or two ("1h 30m", "2 hours"). The word after it is the
// department only when it names one of departments; otherwise it begins
// the note. The department may also come before the duration. When the
// client is unknown, its name is taken to end before the first duration.
func ParseHoursText(text string, clients []Client, departments []string) HoursDraft {
	toks := tokenize(text)
	all := words(toks)
	res := ResolveClient(clients, all)
	res = anchorClient(res, all, func(i int) bool {
		_, _, err := durationAt(all, i)
		return err == nil || errors.Is(err, ErrDurationRange)
	})
	d := HoursDraft{Client: res}
	if p := clientProblem(res); p != nil {
		d.Problems = append(d.Problems, *p)
	}
	i := d.readDuration(all, res.Consumed, departments)
	if d.Department == "" && i < len(all) {
		if dep, ok := MatchDepartment(all[i], departments); ok {
			d.Department = dep
			i++
		}
	}
	if n := outsideMarkAt(all, i); n > 0 {
		d.OutsideContract = true
		i += n
	}
	d.Note = tail(text, toks, i)
	return d
}

// outsideMarkAt reads the mark of work outside the contract at word i and
// returns how many words it took, 0 when there is none.
func outsideMarkAt(all []string, i int) int {
	for _, mark := range outsideMarks() {
		if i+len(mark) > len(all) {
			continue
		}
		if slices.EqualFunc(mark, all[i:i+len(mark)], strings.EqualFold) {
			return len(mark)
		}
	}
	return 0
}

// outsideMarks are the words that mark time outside the contract, longest
// first.
func outsideMarks() [][]string {
	return [][]string{
		{"outside", "the", "contract"}, {"outside", "contract"}, {"вне", "договора"}, {"сверх", "договора"},
		{"extra"}, {"out-of-scope"}, {"сверх"},
	}
}

// readDuration reads the duration (or "<department> <duration>") at word i
// and returns the index after it. A word without digits that is no
// duration is left for the note: the duration was most likely omitted.
func (d *HoursDraft) readDuration(all []string, i int, departments []string) int {
	if i >= len(all) {
		d.Problems = append(d.Problems, Problem{Field: FieldDuration, Issue: IssueMissing})
		return i
	}
	m, n, err := durationAt(all, i)
	if err != nil && i+1 < len(all) {
		if dep, ok := MatchDepartment(all[i], departments); ok {
			if m2, n2, err2 := durationAt(all, i+1); err2 == nil {
				d.Department = dep
				i, m, n, err = i+1, m2, n2, nil
			}
		}
	}
	input := strings.Join(all[i:i+n], " ")
	switch {
	case err == nil:
		d.Minutes, d.Duration = m, input
		return i + n
	case !strings.ContainsFunc(input, unicode.IsDigit):
		d.Problems = append(d.Problems, Problem{Field: FieldDuration, Issue: IssueMissing})
		return i
	}
	d.Duration = input
	d.Problems = append(d.Problems, Problem{Field: FieldDuration, Issue: IssueInvalid, Input: input, Err: err})
	return i + n
}

// durationAt reads a duration at word i, trying two words first ("1h 30m",
// "2 hours") and returns minutes and how many words it took.
func durationAt(all []string, i int) (int, int, error) {
	if i+1 < len(all) && strings.ContainsFunc(all[i+1], unicode.IsLetter) {
		m, err := ParseDuration(all[i] + " " + all[i+1])
		if err == nil || errors.Is(err, ErrDurationRange) {
			return m, 2, err
		}
	}
	m, err := ParseDuration(all[i])
	return m, 1, err
}
