package ledger

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"unicode"
)

// MaxCurrencyExp is the most minor digits a currency may have here; it keeps
// MaxAmountMajor in minor units inside int64.
const MaxCurrencyExp = 4

// maxMantissaDigits bounds the digits worth multiplying; more is too large.
const maxMantissaDigits = 30

// ParseAmount reads a positive money amount and returns it in minor units
// of a currency with exp minor digits (2 for USD and RUB, 0 for JPY).
//
// Accepted: "12000", "12 000", "12,000.50", "12 000,50", "12k", "1.5m",
// "1,5k", "12 тыс", "$12,000", "12000₽", "12 000 руб". A comma followed by
// exactly three digits (then the end, another group or '.') separates
// thousands; any other comma is a decimal comma. '.' is always decimal.
func ParseAmount(s string, exp int) (int64, error) {
	return parseAmount(s, exp, false)
}

// ParseAmountOrZero is ParseAmount for places where zero is meaningful.
func ParseAmountOrZero(s string, exp int) (int64, error) {
	return parseAmount(s, exp, true)
}

func parseAmount(s string, exp int, allowZero bool) (int64, error) {
	if exp < 0 || exp > MaxCurrencyExp {
		return 0, fmt.Errorf("amount with exponent %d: %w", exp, ErrCurrencyExp)
	}
	t := normalizeSpace(strings.ToLower(s))
	if t == "" {
		return 0, ErrAmountEmpty
	}
	neg, t := stripSignAndCurrency(t)
	t, power := stripMultiplier(t)
	mantissa, decimals, err := splitDecimal(t)
	if err != nil {
		return 0, fmt.Errorf("amount %q: %w", s, err)
	}
	if decimals-power > exp {
		return 0, fmt.Errorf("amount %q: %w", s, ErrAmountTooManyDecimals)
	}
	mantissa = strings.TrimLeft(mantissa, "0")
	switch {
	case neg && mantissa != "":
		return 0, fmt.Errorf("amount %q: %w", s, ErrAmountNotPositive)
	case mantissa == "" && !allowZero:
		return 0, fmt.Errorf("amount %q: %w", s, ErrAmountNotPositive)
	case mantissa == "":
		return 0, nil
	case len(mantissa) > maxMantissaDigits:
		return 0, fmt.Errorf("amount %q: %w", s, ErrAmountTooLarge)
	}
	v, _ := new(big.Int).SetString(mantissa, 10)
	v.Mul(v, pow10(exp-decimals+power))
	limit := new(big.Int).Mul(big.NewInt(MaxAmountMajor), pow10(exp))
	if v.Cmp(limit) > 0 {
		return 0, fmt.Errorf("amount %q: %w", s, ErrAmountTooLarge)
	}
	return v.Int64(), nil
}

func pow10(n int) *big.Int {
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
}

// normalizeSpace turns every kind of space (Russian texts use no-break and
// thin spaces between thousands) into one ASCII space, collapsed and trimmed.
func normalizeSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\u202f' || r == '\u2009' || r == '\u2007' || r == '\u00a0'
	}), " ")
}

// Currency markers are tolerated, not checked: an amount is always in the
// team's currency. Longer suffixes come first so "руб." wins over "р.".
func currencyPrefixes() []string { return []string{"$", "€", "£", "₽", "¥", "usd", "eur", "rub"} }
func currencySuffixes() []string {
	return []string{"рублей", "рубля", "рубль", "руб.", "руб", "р.", "р", "rub", "usd", "eur", "$", "€", "£", "₽", "¥"}
}

func stripSignAndCurrency(t string) (neg bool, rest string) {
	sign := func(t string) string {
		for _, p := range []string{"-", "−", "–", "+"} {
			if strings.HasPrefix(t, p) {
				neg = neg || p != "+"
				return strings.TrimSpace(t[len(p):])
			}
		}
		return t
	}
	t = sign(t)
	for _, p := range currencyPrefixes() {
		if strings.HasPrefix(t, p) {
			t = strings.TrimSpace(t[len(p):])
			break
		}
	}
	t = sign(t)
	for _, p := range currencySuffixes() {
		if strings.HasSuffix(t, p) {
			t = strings.TrimSpace(t[:len(t)-len(p)])
			break
		}
	}
	return neg, t
}

// stripMultiplier removes one thousand/million suffix ("k", "к", "тыс",
// "m", "м", "млн") and returns its power of ten. "12kk" keeps a "k" and so
// fails as a number: doubled suffixes are slang we do not guess at.
func stripMultiplier(t string) (string, int) {
	for _, m := range []struct {
		suffix string
		power  int
	}{{"тыс.", 3}, {"тыс", 3}, {"k", 3}, {"к", 3}, {"млн.", 6}, {"млн", 6}, {"mln", 6}, {"m", 6}, {"м", 6}} {
		if strings.HasSuffix(t, m.suffix) {
			return strings.TrimSpace(t[:len(t)-len(m.suffix)]), m.power
		}
	}
	return t, 0
}

// splitDecimal reads a decimal number with optional thousands separators
// and returns its digits and how many of them follow the decimal mark.
func splitDecimal(t string) (digits string, decimals int, err error) {
	for _, r := range t {
		if !isDigit(r) && r != ' ' && r != ',' && r != '.' {
			return "", 0, ErrAmountSyntax
		}
	}
	intPart, frac, hasFrac := t, "", false
	if strings.Count(t, ".") > 1 {
		return "", 0, ErrAmountSyntax
	}
	if i := strings.IndexByte(t, '.'); i >= 0 {
		intPart, frac, hasFrac = t[:i], t[i+1:], true
	} else if strings.Count(t, ",") == 1 {
		i := strings.IndexByte(t, ',')
		if after := t[i+1:]; !(len(after) == 3 && allDigits(after)) {
			intPart, frac, hasFrac = t[:i], after, true
		}
	}
	if hasFrac && (frac == "" || !allDigits(frac)) {
		return "", 0, ErrAmountSyntax
	}
	whole, err := groupedDigits(intPart, hasFrac)
	if err != nil {
		return "", 0, err
	}
	return whole + frac, len(frac), nil
}

// groupedDigits checks thousands grouping ("12 000", "1,234,567") and
// returns the bare digits. One separator kind per number: "1 234,567" is
// refused rather than guessed.
func groupedDigits(s string, emptyOK bool) (string, error) {
	if s == "" {
		if emptyOK {
			return "", nil
		}
		return "", ErrAmountSyntax
	}
	hasSpace, hasComma := strings.Contains(s, " "), strings.Contains(s, ",")
	if hasSpace && hasComma {
		return "", ErrAmountSyntax
	}
	sep := " "
	if hasComma {
		sep = ","
	}
	groups := strings.Split(s, sep)
	for i, g := range groups {
		bad := !allDigits(g) || g == "" ||
			(i == 0 && len(g) > 3 && len(groups) > 1) || (i > 0 && len(g) != 3)
		if bad {
			return "", ErrAmountSyntax
		}
	}
	return strings.Join(groups, ""), nil
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func allDigits(s string) bool {
	for _, r := range s {
		if !isDigit(r) {
			return false
		}
	}
	return true
}

// FormatAmount writes minor units of a currency with exp minor digits as
// ParseAmount reads them back: digits, and a point only when there are
// minor units ("4200", "1250.50").
func FormatAmount(minor int64, exp int) string {
	if exp <= 0 {
		return strconv.FormatInt(minor, 10)
	}
	unit := pow10(exp).Int64()
	whole, frac := minor/unit, minor%unit
	if frac < 0 {
		frac = -frac
	}
	if frac == 0 {
		return strconv.FormatInt(whole, 10)
	}
	return fmt.Sprintf("%d.%0*d", whole, exp, frac)
}

// RoundSpoken rounds minor units of a currency with exp minor digits to two
// significant digits of whole units, as an amount is said aloud or given
// as an estimate: 691,875 (6,918.75) is 690,000 (6,900).
func RoundSpoken(minor int64, exp int) int64 {
	unit := pow10(exp).Int64()
	neg := minor < 0
	if neg {
		minor = -minor
	}
	whole := (minor + unit/2) / unit
	step := int64(1)
	for whole/step >= 100 {
		step *= 10
	}
	whole = (whole + step/2) / step * step
	if neg {
		whole = -whole
	}
	return whole * unit
}
