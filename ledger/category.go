package ledger

import (
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/cases"
)

// Category is the kind of warning sign an incident records.
type Category string

const (
	Complaints      Category = "complaints"      // complains without grounds, demands the impossible
	Disrespect      Category = "disrespect"      // shouting, insults, belittling the staff
	LatePayment     Category = "late-payment"    // pays late or not at all, stretches terms
	Threats         Category = "threats"         // bad reviews, public exposure, court
	ScopeCreep      Category = "scope-creep"     // keeps stepping outside the contract
	Micromanagement Category = "micromanagement" // teaches the team how to do its job
	Attention       Category = "attention"       // demands exclusive attention
	Devaluation     Category = "devaluation"     // abuses loyalty, devalues the team
	// OurMiss records our side's failure (a missed deadline, a broken
	// promise): never held against the client, it is what the wizard's
	// "our own part" step checks.
	OurMiss Category = "our-miss"
	Other   Category = "other"
)

// minCategoryPrefix keeps one- and two-letter words of a description from
// being read as a category abbreviation.
const minCategoryPrefix = 3

// Categories lists every category in display order.
func Categories() []Category {
	return []Category{Complaints, Disrespect, LatePayment, Threats, ScopeCreep,
		Micromanagement, Attention, Devaluation, OurMiss, Other}
}

// AgainstClient reports whether incidents of c count against the client:
// all but our own misses.
func (c Category) AgainstClient() bool { return c != OurMiss }

// Valid reports whether c is a known category.
func (c Category) Valid() bool {
	for _, v := range Categories() {
		if c == v {
			return true
		}
	}
	return false
}

// Synonyms returns the extra words (English and Russian) accepted for c.
// They are input vocabulary only; display names live in locale.
func Synonyms(c Category) []string {
	switch c {
	case Complaints:
		return []string{"complaint", "complain", "complaining", "nagging",
			"жалоба", "жалобы", "жалуется", "претензия", "претензии", "недовольство"}
	case Disrespect:
		return []string{"abuse", "abusive", "rude", "rudeness", "insult", "insults", "shouting", "yelling",
			"хамство", "хамит", "грубость", "неуважение", "оскорбление", "оскорбления", "крик"}
	case LatePayment:
		return []string{"late", "payment", "unpaid", "overdue", "nonpayment", "debt",
			"просрочка", "неоплата", "оплата", "долг", "задолженность"}
	case Threats:
		return []string{"threat", "threaten", "threatening", "blackmail", "lawsuit",
			"угроза", "угрозы", "угрожает", "шантаж", "суд"}
	case ScopeCreep:
		return []string{"scope", "creep", "out-of-scope", "extras",
			"объём", "сверх", "вне-договора", "допработы"}
	case Micromanagement:
		return []string{"micro", "micromanaging", "micromanager", "lecturing", "backseat",
			"микроменеджмент", "поучает", "поучения", "указывает", "учит"}
	case Attention:
		return []string{"vip", "exclusive", "attention-seeking",
			"внимание", "эксклюзив", "особое", "вип"}
	case Devaluation:
		return []string{"devalue", "devalues", "devaluing", "loyalty", "exploit", "exploiting",
			"обесценивание", "обесценивает", "лояльность", "злоупотребление"}
	case OurMiss:
		return []string{"ours", "our-fault", "missed-deadline", "мы", "наша-ошибка", "наш-промах", "промах", "срыв"}
	case Other:
		return []string{"misc", "general", "другое", "прочее", "иное"}
	}
	return nil
}

// ParseCategory reads a category from one word: a slug or a synonym,
// ignoring case, ё/е and hyphens ("late_payment", "latepayment"), else a
// unique prefix of a slug at least three letters long ("compl", "micro").
func ParseCategory(word string) (Category, bool) {
	w := vocabKey(word)
	if w == "" {
		return "", false
	}
	if c, ok := wordFor(w, Categories(), Synonyms); ok {
		return c, true
	}
	if utf8.RuneCountInString(w) < minCategoryPrefix {
		return "", false
	}
	var found Category
	for _, c := range Categories() {
		if strings.HasPrefix(vocabKey(string(c)), w) {
			if found != "" {
				return "", false
			}
			found = c
		}
	}
	return found, found != ""
}

// Severity is how serious an incident was.
type Severity string

const (
	SeverityLow    Severity = "low"
	SeverityMedium Severity = "medium"
	SeverityHigh   Severity = "high"
)

// DefaultSeverity applies when an incident names none.
const DefaultSeverity = SeverityMedium

// Severities lists the severities from lowest to highest.
func Severities() []Severity {
	return []Severity{SeverityLow, SeverityMedium, SeverityHigh}
}

// Valid reports whether s is a known severity.
func (s Severity) Valid() bool {
	return s == SeverityLow || s == SeverityMedium || s == SeverityHigh
}

// Weight is the severity's weight in scores: 1, 2, 3; 0 if unknown.
func (s Severity) Weight() int {
	switch s {
	case SeverityLow:
		return 1
	case SeverityMedium:
		return 2
	case SeverityHigh:
		return 3
	}
	return 0
}

// SeverityWords returns the words (English and Russian) accepted for s.
func SeverityWords(s Severity) []string {
	switch s {
	case SeverityLow:
		return []string{"low", "l", "lo", "низкая", "низкий", "низкое"}
	case SeverityMedium:
		return []string{"medium", "m", "med", "mid", "средняя", "средний", "среднее"}
	case SeverityHigh:
		return []string{"high", "h", "hi", "высокая", "высокий", "высокое"}
	}
	return nil
}

// ParseSeverity reads a severity from one word, ignoring case.
func ParseSeverity(word string) (Severity, bool) {
	return wordFor(vocabKey(word), Severities(), SeverityWords)
}

// wordFor finds, in order, the first of values whose slug or one of whose
// words folds to w, a word already folded by vocabKey.
func wordFor[T ~string](w string, values []T, words func(T) []string) (T, bool) {
	for _, v := range values {
		if w == vocabKey(string(v)) || slices.ContainsFunc(words(v), func(s string) bool { return vocabKey(s) == w }) {
			return v, true
		}
	}
	return "", false
}

// vocabKey folds a vocabulary word for comparison: case-folded, ё as е,
// with hyphens, underscores and stray punctuation around it removed.
func vocabKey(word string) string {
	w := strings.Trim(cases.Fold().String(word), " \t\r\n.,;:!?\"'«»()[]")
	return strings.Map(func(r rune) rune {
		switch r {
		case '-', '_':
			return -1
		case 'ё':
			return 'е'
		}
		return r
	}, w)
}
