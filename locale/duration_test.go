package locale_test

import (
	"testing"

	"github.com/tact-bot/tact/locale"
)

func TestDuration(t *testing.T) {
	checkFormat(t, "Duration", (*locale.Printer).Duration, []formatCase[int]{
		{"en", 375, "6 h 15 min"},
		{"en", 45, "45 min"},
		{"en", 120, "2 h"},
		{"en", 0, "0 min"},
		{"en", 61, "1 h 1 min"},
		{"en", -90, "-1 h 30 min"},
		{"en", 60000, "1,000 h"},
		{"ru", 375, "6 ч 15 мин"},
		{"ru", 45, "45 мин"},
		{"ru", 120, "2 ч"},
		{"ru", 0, "0 мин"},
		{"ru", 60000, "1" + nbsp + "000 ч"},
	})
}

func TestHours(t *testing.T) {
	checkFormat(t, "Hours", (*locale.Printer).Hours, []formatCase[int]{
		{"en", 0, "0 hours"},
		{"en", 60, "1 hour"},
		{"en", 120, "2 hours"},
		{"en", 90, "1.5 hours"},
		{"en", 75, "1.25 hours"},
		{"en", 80, "1.33 hours"},
		{"en", 1, "0.02 hours"},
		{"en", 59, "0.98 hours"},
		{"en", 66, "1.1 hours"},
		{"en", -60, "-1 hour"},
		{"en", 60 * 1500, "1,500 hours"},
		{"ru", 60, "1 час"},
		{"ru", 120, "2 часа"},
		{"ru", 300, "5 часов"},
		{"ru", 21 * 60, "21 час"},
		{"ru", 11 * 60, "11 часов"},
		{"ru", 90, "1,5 часа"},
		{"ru", 21*60 + 30, "21,5 часа"},
		{"ru", 5*60 + 15, "5,25 часа"},
		{"ru", 0, "0 часов"},
		{"ru", 60 * 1001, "1" + nbsp + "001 час"},
	})
}
