package locale

// nbsp is U+00A0 NO-BREAK SPACE: Russian digit grouping and the space before
// a currency or percent sign, so Slack never wraps "12 000 ₽" across lines.
const nbsp = "\u00a0"

// conventions are one language's formatting rules. They are built per
// Printer (not package variables) and never modified after New.
type conventions struct {
	group, decimal  string // digit group and decimal separators
	percentSuffix   string // "%" or NBSP+"%"
	symbolAfter     bool   // "12 000 ₽" rather than "$12,000"
	hourUnit        string // short units for Duration
	minuteUnit      string
	and, or         string     // list conjunctions
	monthShort      [12]string // as used in dates: "16 Nov", "16 ноября"
	monthStandalone [12]string // month on its own: "November", "ноябрь"
	monthSpoken     [12]string // after a day or "since", said in full: "6 January", "с 6 января"
	yearWord        string     // after a spoken year: ru "года" ("сентября 2025 года")
	weekdayShort    [7]string  // indexed by time.Weekday (Sunday = 0)
	weekdayLong     [7]string
}

func conventionsFor(lang string) conventions {
	if lang == RU {
		return conventions{
			group: nbsp, decimal: ",", percentSuffix: nbsp + "%", symbolAfter: true,
			hourUnit: "ч", minuteUnit: "мин",
			and: "и", or: "или",
			// Russian dates need the genitive: "16 ноября", not "16 ноябрь".
			monthShort: [12]string{"января", "февраля", "марта", "апреля", "мая", "июня",
				"июля", "августа", "сентября", "октября", "ноября", "декабря"},
			monthStandalone: [12]string{"январь", "февраль", "март", "апрель", "май", "июнь",
				"июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"},
			monthSpoken: [12]string{"января", "февраля", "марта", "апреля", "мая", "июня",
				"июля", "августа", "сентября", "октября", "ноября", "декабря"},
			yearWord:     "года",
			weekdayShort: [7]string{"вс", "пн", "вт", "ср", "чт", "пт", "сб"},
			weekdayLong: [7]string{"воскресенье", "понедельник", "вторник", "среда",
				"четверг", "пятница", "суббота"},
		}
	}
	return conventions{
		group: ",", decimal: ".", percentSuffix: "%",
		hourUnit: "h", minuteUnit: "min",
		and: "and", or: "or",
		monthShort: [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
			"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
		monthStandalone: [12]string{"January", "February", "March", "April", "May", "June",
			"July", "August", "September", "October", "November", "December"},
		monthSpoken: [12]string{"January", "February", "March", "April", "May", "June",
			"July", "August", "September", "October", "November", "December"},
		weekdayShort: [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"},
		weekdayLong: [7]string{"Sunday", "Monday", "Tuesday", "Wednesday",
			"Thursday", "Friday", "Saturday"},
	}
}
