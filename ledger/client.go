package ledger

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
)

// Status is where a client stands in the keep-or-part process.
type Status string

const (
	StatusActive     Status = "active"
	StatusArchived   Status = "archived"
	StatusParting    Status = "parting"
	StatusBoundaries Status = "boundaries"
	StatusRecovery   Status = "recovery"
)

// Statuses lists every status in display order.
func Statuses() []Status {
	return []Status{StatusActive, StatusBoundaries, StatusRecovery, StatusParting, StatusArchived}
}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, v := range Statuses() {
		if s == v {
			return true
		}
	}
	return false
}

// ParseStatus reads a status slug, ignoring case and surrounding space.
func ParseStatus(word string) (Status, bool) {
	s := Status(strings.ToLower(strings.TrimSpace(word)))
	return s, s.Valid()
}

// Client is a customer of the team (one Slack workspace).
type Client struct {
	ID        int64
	TeamID    string
	Name      string
	Status    Status
	CACMinor  int64 // what it cost to win this client (acquisition cost), minor units
	CreatedBy string
	CreatedAt time.Time
}

// ValidateClientName returns the name as it should be stored: trimmed, with
// inner runs of white space collapsed to one space (resolution works on
// space-separated words, so stored names must agree with that).
func ValidateClientName(name string) (string, error) {
	if !utf8.ValidString(name) {
		return "", fmt.Errorf("client name: %w", ErrNameInvalid)
	}
	n := strings.Join(strings.Fields(name), " ")
	if n == "" {
		return "", ErrNameEmpty
	}
	if utf8.RuneCountInString(n) > MaxClientNameRunes {
		return "", fmt.Errorf("client name %q: %w", n, ErrNameTooLong)
	}
	hasWord := false
	for _, r := range n {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return "", fmt.Errorf("client name %q: %w", n, ErrNameInvalid)
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			hasWord = true
		}
	}
	// A name of punctuation alone could never be typed back to resolve it.
	if !hasWord {
		return "", fmt.Errorf("client name %q: %w", n, ErrNameInvalid)
	}
	return n, nil
}

// NameKey is the form under which client names are compared, both for
// uniqueness within a workspace and for resolution: Unicode case-folded,
// ё read as е, punctuation read as space, spaces collapsed. Names with the
// same key would be indistinguishable when typed, so they count as one name.
func NameKey(name string) string {
	folded := cases.Fold().String(name)
	var b strings.Builder
	gap := false
	for _, r := range folded {
		switch {
		case r == 'ё':
			r = 'е'
		case unicode.IsSpace(r) || unicode.IsPunct(r):
			gap = true
			continue
		}
		if gap && b.Len() > 0 {
			b.WriteByte(' ')
		}
		gap = false
		b.WriteRune(r)
	}
	return b.String()
}

// SameName reports whether two client names are the same name (see NameKey).
func SameName(a, b string) bool {
	return NameKey(a) == NameKey(b)
}

// NameTaken reports whether name clashes with a client other than exceptID
// (use 0 when creating a client).
func NameTaken(clients []Client, name string, exceptID int64) bool {
	key := NameKey(name)
	for _, c := range clients {
		if c.ID != exceptID && NameKey(c.Name) == key {
			return true
		}
	}
	return false
}
