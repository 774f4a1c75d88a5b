package ledger_test

import (
	"errors"
	"testing"

	"github.com/tact-bot/tact/ledger"
)

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in   string
		exp  int
		want int64
		err  error
	}{
		{"12000", 2, 1_200_000, nil},
		{"12 000", 2, 1_200_000, nil},
		{"12\u00a0000", 2, 1_200_000, nil},             // no-break space
		{"12\u202f000,50", 2, 1_200_050, nil},          // narrow no-break space, decimal comma
		{"12,000", 2, 1_200_000, nil},                  // comma + three digits: thousands
		{"12,000.50", 2, 1_200_050, nil},               // thousands then decimal point
		{"1,234,567.89", 2, 123_456_789, nil},          // several groups
		{"1 234 567,89", 2, 123_456_789, nil},          // Russian grouping
		{"12 000,50", 2, 1_200_050, nil},               // Russian decimal comma
		{"1,5", 2, 150, nil},                           // decimal comma
		{"1,50", 2, 150, nil},                          //
		{"1,5k", 2, 150_000, nil},                      // 1.5 thousand
		{"1,500k", 2, 150_000_000, nil},                // comma + three digits stays thousands: 1 500 000
		{"12k", 2, 1_200_000, nil},                     //
		{"12K", 2, 1_200_000, nil},                     //
		{"12к", 2, 1_200_000, nil},                     // Cyrillic к
		{"12 тыс", 2, 1_200_000, nil},                  //
		{"12 тыс. руб.", 2, 1_200_000, nil},            //
		{"1.5m", 2, 150_000_000, nil},                  // 1,500,000.00
		{"1.5M", 2, 150_000_000, nil},                  //
		{"2 млн", 2, 200_000_000, nil},                 //
		{"1.23456k", 2, 123_456, nil},                  // 1234.56
		{"$12,000", 2, 1_200_000, nil},                 //
		{"12000₽", 2, 1_200_000, nil},                  //
		{"12 000 руб", 2, 1_200_000, nil},              //
		{"12 000 рублей", 2, 1_200_000, nil},           //
		{"12000р", 2, 1_200_000, nil},                  //
		{"USD 12000", 2, 1_200_000, nil},               //
		{"€ 99.99", 2, 9_999, nil},                     //
		{"+5", 2, 500, nil},                            //
		{"0.01", 2, 1, nil},                            //
		{".5", 2, 50, nil},                             //
		{"0012", 2, 1_200, nil},                        // leading zeros are harmless
		{"1500", 0, 1500, nil},                         // JPY
		{"1.5k", 0, 1500, nil},                         // JPY, whole after the multiplier
		{"1,000", 0, 1000, nil},                        // JPY thousands
		{"¥1,000", 0, 1000, nil},                       //
		{"1000000000000", 2, 100_000_000_000_000, nil}, // exactly the limit
		{"1000000000000", 4, 10_000_000_000_000_000, nil},

		{"", 2, 0, ledger.ErrAmountEmpty},
		{"   ", 2, 0, ledger.ErrAmountEmpty},
		{"0", 2, 0, ledger.ErrAmountNotPositive},
		{"0.00", 2, 0, ledger.ErrAmountNotPositive},
		{"-5", 2, 0, ledger.ErrAmountNotPositive},
		{"−5", 2, 0, ledger.ErrAmountNotPositive}, // Unicode minus
		{"-$5", 2, 0, ledger.ErrAmountNotPositive},
		{"$-5", 2, 0, ledger.ErrAmountNotPositive},
		{"1e9", 2, 0, ledger.ErrAmountSyntax},
		{"12kk", 2, 0, ledger.ErrAmountSyntax},
		{"abc", 2, 0, ledger.ErrAmountSyntax},
		{"$", 2, 0, ledger.ErrAmountSyntax},
		{"k", 2, 0, ledger.ErrAmountSyntax},
		{"-abc", 2, 0, ledger.ErrAmountSyntax},
		{"12 0000", 2, 0, ledger.ErrAmountSyntax},   // bad group
		{"1 2", 2, 0, ledger.ErrAmountSyntax},       //
		{"1234 567", 2, 0, ledger.ErrAmountSyntax},  // first group too long
		{"1,2,3", 2, 0, ledger.ErrAmountSyntax},     //
		{"1.2.3", 2, 0, ledger.ErrAmountSyntax},     //
		{"12.000,50", 2, 0, ledger.ErrAmountSyntax}, // German style refused
		{"1 234,567", 2, 0, ledger.ErrAmountSyntax}, // mixed separators refused
		{"12.", 2, 0, ledger.ErrAmountSyntax},       //
		{"12,", 2, 0, ledger.ErrAmountSyntax},       //
		{",500", 2, 0, ledger.ErrAmountSyntax},      // a lone thousands group
		{"12 000 000 000 000", 2, 0, ledger.ErrAmountTooLarge},
		{"1000000000000.01", 2, 0, ledger.ErrAmountTooLarge},
		{"1000000001k", 2, 0, ledger.ErrAmountTooLarge},
		{"99999999999999999999999999999999999999999", 2, 0, ledger.ErrAmountTooLarge},
		{"1.234", 2, 0, ledger.ErrAmountTooManyDecimals},
		{"12.000", 2, 0, ledger.ErrAmountTooManyDecimals}, // dot is decimal: three decimals
		{"1,2345", 2, 0, ledger.ErrAmountTooManyDecimals}, // decimal comma, four decimals
		{"1.234567k", 2, 0, ledger.ErrAmountTooManyDecimals},
		{"12.5", 0, 0, ledger.ErrAmountTooManyDecimals}, // JPY has no minor unit
		{"12,50", 0, 0, ledger.ErrAmountTooManyDecimals},
		{"12", 7, 0, ledger.ErrCurrencyExp},
		{"12", -1, 0, ledger.ErrCurrencyExp},
	}
	for _, tt := range tests {
		got, err := ledger.ParseAmount(tt.in, tt.exp)
		if tt.err != nil {
			if !errors.Is(err, tt.err) {
				t.Errorf("ParseAmount(%q, %d) = %d, %v; want error %v", tt.in, tt.exp, got, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseAmount(%q, %d) = %d, %v; want %d", tt.in, tt.exp, got, err, tt.want)
		}
	}
}

func TestParseAmountOrZero(t *testing.T) {
	for _, in := range []string{"0", "0.00", "0k", "$0"} {
		if got, err := ledger.ParseAmountOrZero(in, 2); err != nil || got != 0 {
			t.Errorf("ParseAmountOrZero(%q) = %d, %v; want 0", in, got, err)
		}
	}
	if _, err := ledger.ParseAmountOrZero("-1", 2); !errors.Is(err, ledger.ErrAmountNotPositive) {
		t.Errorf("ParseAmountOrZero(-1) error = %v", err)
	}
}

func TestParseAmountPeriod(t *testing.T) {
	tests := []struct {
		in     string
		want   int64
		period ledger.Period
		err    error
	}{
		{"12000", 1_200_000, ledger.Month, nil},
		{"12k/year", 1_200_000, ledger.Year, nil},
		{"12k/yr", 1_200_000, ledger.Year, nil},
		{"12k/y", 1_200_000, ledger.Year, nil},
		{"12k/month", 1_200_000, ledger.Month, nil},
		{"12k/mo", 1_200_000, ledger.Month, nil},
		{"12k/m", 1_200_000, ledger.Month, nil},
		{"3k/week", 300_000, ledger.Week, nil},
		{"3k/wk", 300_000, ledger.Week, nil},
		{"3k/w", 300_000, ledger.Week, nil},
		{"12 000 руб/мес", 1_200_000, ledger.Month, nil},
		{"12 000/месяц", 1_200_000, ledger.Month, nil},
		{"3000/нед", 300_000, ledger.Week, nil},
		{"3000/неделя", 300_000, ledger.Week, nil},
		{"1,5 млн/год", 150_000_000, ledger.Year, nil},
		{"12k / year", 1_200_000, ledger.Year, nil},
		{"12k year", 1_200_000, ledger.Year, nil},
		{"12k per year", 1_200_000, ledger.Year, nil},
		{"12k a month", 1_200_000, ledger.Month, nil},
		{"12 000 руб в месяц", 1_200_000, ledger.Month, nil},
		{"3 000 в неделю", 300_000, ledger.Week, nil},
		{"12k /mo", 1_200_000, ledger.Month, nil},
		{"12 m", 1_200_000_000, ledger.Month, nil}, // lone "m" is millions, not a month
		{"0", 0, ledger.Month, nil},                // revenue may drop to nothing
		{"0/week", 0, ledger.Week, nil},

		{"12k/fortnight", 0, "", ledger.ErrUnitUnknown},
		{"12k/", 0, "", ledger.ErrUnitUnknown},
		{"/month", 0, "", ledger.ErrAmountEmpty},
		{"per month", 0, "", ledger.ErrAmountEmpty},
		{"-12k/month", 0, "", ledger.ErrAmountNotPositive},
		{"12kk/month", 0, "", ledger.ErrAmountSyntax},
		{"12k lots", 0, "", ledger.ErrAmountSyntax},
	}
	for _, tt := range tests {
		got, p, err := ledger.ParseAmountPeriod(tt.in, 2)
		if tt.err != nil {
			if !errors.Is(err, tt.err) {
				t.Errorf("ParseAmountPeriod(%q) = %d, %q, %v; want error %v", tt.in, got, p, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want || p != tt.period {
			t.Errorf("ParseAmountPeriod(%q) = %d, %q, %v; want %d, %q", tt.in, got, p, err, tt.want, tt.period)
		}
	}
}

func TestParseRate(t *testing.T) {
	checkParse(t, "ParseRate", func(s string) (int64, error) { return ledger.ParseRate(s, 2) }, []parseCase[int64]{
		{"1500", 150_000, nil},
		{"1500/h", 150_000, nil},
		{"1500/hr", 150_000, nil},
		{"1500/hour", 150_000, nil},
		{"1,5k/ч", 150_000, nil},
		{"1500/час", 150_000, nil},
		{"1500 руб/ч", 150_000, nil},
		{"2000 в час", 200_000, nil},
		{"$40 per hour", 4_000, nil},
		{"40.50/h", 4_050, nil},

		{"0", 0, ledger.ErrAmountNotPositive},
		{"0/h", 0, ledger.ErrAmountNotPositive},
		{"1500/month", 0, ledger.ErrUnitUnknown},
		{"1500/d", 0, ledger.ErrUnitUnknown},
		{"", 0, ledger.ErrAmountEmpty},
		{"fast", 0, ledger.ErrAmountSyntax},
	})
}

func TestParsePeriod(t *testing.T) {
	tests := map[string]ledger.Period{
		"month": ledger.Month, "/MO": ledger.Month, "мес": ledger.Month, "/месяц": ledger.Month,
		"week": ledger.Week, "/w": ledger.Week, "нед": ledger.Week, "Неделя": ledger.Week,
		"year": ledger.Year, "yr": ledger.Year, "/год": ledger.Year,
	}
	for in, want := range tests {
		if got, ok := ledger.ParsePeriod(in); !ok || got != want {
			t.Errorf("ParsePeriod(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "day", "fortnight", "квартал"} {
		if got, ok := ledger.ParsePeriod(in); ok {
			t.Errorf("ParsePeriod(%q) = %q; want not ok", in, got)
		}
	}
}
