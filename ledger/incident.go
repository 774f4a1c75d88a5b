package ledger

import (
	"slices"
	"strconv"
	"strings"
)

// IncidentDraft is what was understood of
// "/incident <client> <category> [low|medium|high] <what happened>".
type IncidentDraft struct {
	Client        Resolution
	Category      Category // "" when not understood
	Severity      Severity // DefaultSeverity unless one was given
	SeverityGiven bool
	Payment       Payment  // a late payment's amount and days overdue, when typed
	Description   string   // the rest of the text, exactly as typed
	Links         []string // URLs written in the description: evidence too
	Problems      []Problem
}

// Complete reports whether every required part was understood.
func (d IncidentDraft) Complete() bool { return len(d.Problems) == 0 }

// ParseIncidentText parses the text of /incident. A severity may also come
// before the category ("high rude"). A late payment may carry its amount
// (in a currency of exp minor digits) and days overdue next
// ("late-payment 4200 45d"). When the category word is not recognised it
// stays part of the description, so nothing typed is lost. When the
// client is unknown, its name is taken to end before the first word that
// is a category.
func ParseIncidentText(text string, clients []Client, exp int) IncidentDraft {
	toks := tokenize(text)
	all := words(toks)
	res := ResolveClient(clients, all)
	res = anchorClient(res, all, func(i int) bool {
		_, ok := ParseCategory(all[i])
		return ok
	})
	d := IncidentDraft{Client: res, Severity: DefaultSeverity}
	if p := clientProblem(res); p != nil {
		d.Problems = append(d.Problems, *p)
	}
	i := d.readCategory(all, res.Consumed)
	if d.Category == LatePayment {
		i = d.readPayment(all, i, exp)
	}
	d.Description = tail(text, toks, i)
	if d.Description == "" {
		d.Problems = append(d.Problems, Problem{Field: FieldDescription, Issue: IssueMissing})
	} else {
		d.Links = ExtractURLs(d.Description)
	}
	return d
}

// readCategory reads "<category> [severity]" or "<severity> <category>"
// from word i and returns the index of the first word of the description.
func (d *IncidentDraft) readCategory(all []string, i int) int {
	if i >= len(all) {
		d.Problems = append(d.Problems, Problem{Field: FieldCategory, Issue: IssueMissing})
		return i
	}
	if c, ok := ParseCategory(all[i]); ok {
		d.Category = c
		i++
		if i < len(all) {
			if s, ok := ParseSeverity(all[i]); ok {
				d.Severity, d.SeverityGiven = s, true
				i++
			}
		}
		return i
	}
	if s, ok := ParseSeverity(all[i]); ok && i+1 < len(all) {
		if c, ok := ParseCategory(all[i+1]); ok {
			d.Category, d.Severity, d.SeverityGiven = c, s, true
			return i + 2
		}
	}
	d.Problems = append(d.Problems, Problem{Field: FieldCategory, Issue: IssueUnknown, Input: all[i]})
	return i
}

// Payment is what a late payment left behind: the amount outstanding, in
// minor units, and how many days overdue it is; 0 where not given.
type Payment struct {
	AmountMinor int64
	DaysLate    int
}

// readPayment reads "[<amount>] [<days>d]" (either order) after a late
// payment's category and returns the index of the first word of the
// description. A bare number counts as the amount only beside a days word
// or from MinBareAmountMajor up, so "3 invoices unpaid" stays a description.
func (d *IncidentDraft) readPayment(all []string, i, exp int) int {
	for range 2 {
		if i >= len(all) {
			return i
		}
		if days, n := daysAt(all, i); n > 0 && d.Payment.DaysLate == 0 {
			d.Payment.DaysLate = days
			i += n
			continue
		}
		amount, err := ParseAmount(all[i], exp)
		if err != nil || amount <= 0 || d.Payment.AmountMinor != 0 {
			return i
		}
		_, beside := daysAt(all, i+1)
		if beside == 0 && amount < MinBareAmountMajor*pow10(exp).Int64() && !strings.ContainsFunc(all[i], notDigit) {
			return i
		}
		d.Payment.AmountMinor = amount
		i++
	}
	return i
}

// MinBareAmountMajor is the least bare number read as a late payment's
// amount without a days word beside it.
const MinBareAmountMajor = 100

func notDigit(r rune) bool { return r < '0' || r > '9' }

// daysAt reads "45d", "45 days" or "45 дней" at word i: the days and how
// many words it took, 0 when there is none.
func daysAt(all []string, i int) (int, int) {
	if i >= len(all) {
		return 0, 0
	}
	w := strings.ToLower(all[i])
	num := strings.TrimRightFunc(w, func(r rune) bool { return notDigit(r) })
	unit, words := w[len(num):], 1
	if unit == "" && i+1 < len(all) {
		unit, words = strings.ToLower(all[i+1]), 2
	}
	if num == "" || !slices.Contains(dayWords(), strings.TrimSuffix(unit, ".")) {
		return 0, 0
	}
	n, err := strconv.Atoi(num)
	if err != nil || n < MinDaysLate || n > MaxDaysLate {
		return 0, 0
	}
	return n, words
}

func dayWords() []string {
	return []string{"d", "day", "days", "д", "дн", "день", "дня", "дней"}
}
