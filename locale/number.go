package locale

import (
	"math"
	"strconv"
	"strings"

	"golang.org/x/text/currency"
)

// notANumber stands in for NaN and ±Inf, which have no sensible prose form.
const notANumber = "—"

// Number formats an integer with digit grouping: en "12,000", ru "12 000"
// (NBSP).
func (p *Printer) Number(n int64) string {
	sign, abs := splitSign(n)
	return sign + p.group(strconv.FormatUint(abs, 10))
}

// Decimal formats x with exactly digits fraction digits (digits < 0: as few
// as needed) and grouping: en "3.5", "12,000.25"; ru "3,5", "12 000,25".
// NaN and infinities render as "—".
func (p *Printer) Decimal(x float64, digits int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return notANumber
	}
	if digits < 0 {
		digits = -1
	}
	s := strconv.FormatFloat(x, 'f', digits, 64)
	sign := ""
	if strings.HasPrefix(s, "-") {
		s = s[1:]
		// Rounding can leave "-0.0"; a negative zero reads as an error.
		if strings.Trim(s, "0.") != "" {
			sign = "-"
		}
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	out := sign + p.group(whole)
	if hasFrac {
		out += p.conv.decimal + frac
	}
	return out
}

// Percent formats a fraction as a whole percentage: 0.42 → en "42%",
// ru "42 %" (NBSP before the sign, as Russian typography expects).
func (p *Printer) Percent(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return notANumber
	}
	return p.Decimal(math.Round(x*100), 0) + p.conv.percentSuffix
}

// Money formats an amount in minor units (cents, kopecks; yen for JPY, which
// has no minor unit) of an ISO 4217 currency. Fraction digits appear only
// when the minor part is non-zero: en "$12,000", "$12,000.50", "-$300",
// "CHF 1,000"; ru "12 000 ₽", "12 000,50 ₽", "-300 $", "1 000 CHF". Unknown
// codes are shown as given, with two fraction digits.
func (p *Printer) Money(minor int64, code string) string {
	code = strings.ToUpper(strings.TrimSpace(code))
	sign, abs := splitSign(minor)
	digits := minorDigits(code)
	pow := uint64(1)
	for range digits {
		pow *= 10
	}
	num := p.group(strconv.FormatUint(abs/pow, 10))
	if frac := abs % pow; frac != 0 {
		f := strconv.FormatUint(frac, 10)
		num += p.conv.decimal + strings.Repeat("0", digits-len(f)) + f
	}
	symbol := currencySymbol(code)
	switch {
	case symbol == "":
		return sign + num
	case p.conv.symbolAfter:
		return sign + num + nbsp + symbol
	case symbol == code:
		// A letter code needs a space to stay readable: "CHF 1,000".
		return sign + symbol + nbsp + num
	default:
		return sign + symbol + num
	}
}

// MinorDigits is the ISO 4217 number of fraction digits (JPY 0, USD 2):
// how many minor units make a major one, as a power of ten.
func MinorDigits(code string) int { return minorDigits(code) }

func minorDigits(code string) int {
	unit, err := currency.ParseISO(code)
	if err != nil {
		return 2
	}
	scale, _ := currency.Standard.Rounding(unit)
	return scale
}

// currencySymbol returns the sign for common currencies and the ISO code for
// the rest; "$" means USD only, so CAD and AUD keep their codes.
func currencySymbol(code string) string {
	switch code {
	case "USD":
		return "$"
	case "EUR":
		return "€"
	case "GBP":
		return "£"
	case "RUB":
		return "₽"
	case "JPY":
		return "¥"
	case "KZT":
		return "₸"
	case "UAH":
		return "₴"
	}
	return code
}

// splitSign returns "-" for negatives and the magnitude; uint64 keeps
// math.MinInt64 exact.
func splitSign(n int64) (string, uint64) {
	if n < 0 {
		return "-", uint64(-(n + 1)) + 1
	}
	return "", uint64(n)
}

// group inserts the group separator every three digits of a digit string.
func (p *Printer) group(digits string) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	head := len(digits) % 3
	if head > 0 {
		b.WriteString(digits[:head])
	}
	for i := head; i < len(digits); i += 3 {
		if b.Len() > 0 {
			b.WriteString(p.conv.group)
		}
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}
