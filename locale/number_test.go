package locale_test

import (
	"math"
	"strings"
	"testing"

	"github.com/tact-bot/tact/locale"
)

const nbsp = "\u00a0"

// formatCase is a value in, as the printer for lang should show it.
type formatCase[T any] struct {
	lang string
	in   T
	want string
}

// checkFormat checks that format, the Printer method name, shows each
// case's value as it wants.
func checkFormat[T any](t *testing.T, name string, format func(*locale.Printer, T) string, cases []formatCase[T]) {
	t.Helper()
	c := newCatalog(t)
	for _, tt := range cases {
		if got := format(c.For(tt.lang), tt.in); got != tt.want {
			t.Errorf("%s %s(%v) = %q, want %q", tt.lang, name, tt.in, got, tt.want)
		}
	}
}

func TestMoney(t *testing.T) {
	c := newCatalog(t)
	tests := []struct {
		lang     string
		minor    int64
		currency string
		want     string
	}{
		{"en", 1200000, "USD", "$12,000"},
		{"en", 1200050, "USD", "$12,000.50"},
		{"en", 1200005, "USD", "$12,000.05"},
		{"en", -30000, "USD", "-$300"},
		{"en", 0, "USD", "$0"},
		{"en", 99, "usd", "$0.99"},
		{"en", 150000, "EUR", "€1,500"},
		{"en", 150000, "GBP", "£1,500"},
		{"en", 1200000, "RUB", "₽12,000"},
		{"en", 12000, "JPY", "¥12,000"},
		{"en", 100000, "CHF", "CHF" + nbsp + "1,000"},
		{"en", 100000, "CAD", "CAD" + nbsp + "1,000"},
		{"en", 100000, "XYZ", "XYZ" + nbsp + "1,000"},
		{"en", 123456789012345, "USD", "$1,234,567,890,123.45"},
		{"en", math.MinInt64, "USD", "-$92,233,720,368,547,758.08"},
		{"en", math.MaxInt64, "JPY", "¥9,223,372,036,854,775,807"},
		{"ru", 1200000, "RUB", "12" + nbsp + "000" + nbsp + "₽"},
		{"ru", 1200050, "RUB", "12" + nbsp + "000,50" + nbsp + "₽"},
		{"ru", 1200000, "USD", "12" + nbsp + "000" + nbsp + "$"},
		{"ru", -30000, "RUB", "-300" + nbsp + "₽"},
		{"ru", 500, "RUB", "5" + nbsp + "₽"},
		{"ru", 12000, "JPY", "12" + nbsp + "000" + nbsp + "¥"},
		{"ru", 150010, "EUR", "1" + nbsp + "500,10" + nbsp + "€"},
		{"ru", 100000, "CHF", "1" + nbsp + "000" + nbsp + "CHF"},
		{"ru", 123456789012345, "RUB", "1" + nbsp + "234" + nbsp + "567" + nbsp + "890" + nbsp + "123,45" + nbsp + "₽"},
	}
	for _, tt := range tests {
		if got := c.For(tt.lang).Money(tt.minor, tt.currency); got != tt.want {
			t.Errorf("%s Money(%d, %q) = %q, want %q", tt.lang, tt.minor, tt.currency, got, tt.want)
		}
	}
	// Russian output must never contain a plain space, which Slack could wrap.
	if got := c.For(locale.RU).Money(1234567, "RUB"); strings.Contains(got, " ") || !strings.Contains(got, nbsp) {
		t.Errorf("ru Money uses plain spaces: %q", got)
	}
}

func TestNumber(t *testing.T) {
	checkFormat(t, "Number", (*locale.Printer).Number, []formatCase[int64]{
		{"en", 0, "0"},
		{"en", 999, "999"},
		{"en", 1000, "1,000"},
		{"en", 12000, "12,000"},
		{"en", -1234567, "-1,234,567"},
		{"en", math.MinInt64, "-9,223,372,036,854,775,808"},
		{"ru", 999, "999"},
		{"ru", 12000, "12" + nbsp + "000"},
		{"ru", 1234567, "1" + nbsp + "234" + nbsp + "567"},
		{"ru", -100000, "-100" + nbsp + "000"},
	})
}

func TestDecimal(t *testing.T) {
	c := newCatalog(t)
	tests := []struct {
		lang   string
		x      float64
		digits int
		want   string
	}{
		{"en", 3.5, 1, "3.5"},
		{"en", 3.5, 2, "3.50"},
		{"en", 3.456, 2, "3.46"},
		{"en", 12000.25, 2, "12,000.25"},
		{"en", 2.5, 0, "2"}, // strconv rounds half to even
		{"en", 0.125, -1, "0.125"},
		{"en", -0.04, 1, "0.0"},
		{"en", -1.25, 1, "-1.2"},
		{"en", math.NaN(), 1, "—"},
		{"en", math.Inf(-1), 1, "—"},
		{"ru", 3.5, 1, "3,5"},
		{"ru", 12000.25, 2, "12" + nbsp + "000,25"},
		{"ru", -1234.5, 1, "-1" + nbsp + "234,5"},
	}
	for _, tt := range tests {
		if got := c.For(tt.lang).Decimal(tt.x, tt.digits); got != tt.want {
			t.Errorf("%s Decimal(%v, %d) = %q, want %q", tt.lang, tt.x, tt.digits, got, tt.want)
		}
	}
}

func TestPercent(t *testing.T) {
	checkFormat(t, "Percent", (*locale.Printer).Percent, []formatCase[float64]{
		{"en", 0.42, "42%"},
		{"en", 0.424, "42%"},
		{"en", 0.425, "43%"},
		{"en", 1, "100%"},
		{"en", 0, "0%"},
		{"en", -0.001, "0%"},
		{"en", 12.5, "1,250%"},
		{"en", math.NaN(), "—"},
		{"ru", 0.42, "42" + nbsp + "%"},
		{"ru", -0.15, "-15" + nbsp + "%"},
	})
}
