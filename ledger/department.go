package ledger

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// NormalizeDepartment returns a department name in its stored form: one
// word, lower-cased, of Latin or Cyrillic letters, digits, '-' and '_',
// with at least one letter (so it is never mistaken for an amount or a
// duration in a command).
func NormalizeDepartment(s string) (string, error) {
	d := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "ё", "е")
	if d == "" {
		return "", ErrDepartmentEmpty
	}
	if utf8.RuneCountInString(d) > MaxDepartmentRunes {
		return "", fmt.Errorf("department %q: %w", s, ErrDepartmentTooLong)
	}
	hasLetter := false
	for _, r := range d {
		switch {
		case r >= 'a' && r <= 'z', r >= 'а' && r <= 'я':
			hasLetter = true
		case isDigit(r), r == '-', r == '_':
		default:
			return "", fmt.Errorf("department %q: %w", s, ErrDepartmentInvalid)
		}
	}
	if !hasLetter {
		return "", fmt.Errorf("department %q: %w", s, ErrDepartmentInvalid)
	}
	return d, nil
}

// MatchDepartment finds word among known departments, ignoring case;
// it returns the known spelling.
func MatchDepartment(word string, known []string) (string, bool) {
	w, err := NormalizeDepartment(word)
	if err != nil {
		return "", false
	}
	for _, k := range known {
		if n, err := NormalizeDepartment(k); err == nil && n == w {
			return k, true
		}
	}
	return "", false
}
