package locale

import "strconv"

// Duration formats minutes compactly for tables and summaries: en "6 h 15 min",
// "45 min", "2 h", "0 min"; ru "6 ч 15 мин", "45 мин", "2 ч".
func (p *Printer) Duration(minutes int) string {
	sign, abs := splitSign(int64(minutes))
	h, m := abs/60, abs%60
	hours := p.group(strconv.FormatUint(h, 10)) + " " + p.conv.hourUnit
	mins := strconv.FormatUint(m, 10) + " " + p.conv.minuteUnit
	switch {
	case h == 0:
		return sign + mins
	case m == 0:
		return sign + hours
	default:
		return sign + hours + " " + mins
	}
}

// Hours formats minutes as hours for prose, with up to two decimals and the
// right plural from the "count.hours" message: en "1 hour", "2 hours",
// "1.5 hours"; ru "1 час", "2 часа", "5 часов", "21 час", "1,5 часа"
// (fractions take the "other" form).
func (p *Printer) Hours(minutes int) string {
	sign, abs := splitSign(int64(minutes))
	// Rounded to the nearest hundredth; 59 minutes is 0.98, so it never carries.
	whole, hundredths := abs/60, (abs%60*100+30)/60
	count := strconv.FormatUint(whole, 10)
	display := p.group(count)
	if hundredths != 0 {
		frac := strconv.FormatUint(hundredths, 10)
		if hundredths < 10 {
			frac = "0" + frac
		}
		if frac[1] == '0' {
			frac = frac[:1]
		}
		// The plural operand keeps the visible fraction digits: "1.5" is
		// "other" in Russian, "1" would be "one".
		count += "." + frac
		display += p.conv.decimal + frac
	}
	return p.localize("count.hours", count, map[string]any{"Count": sign + display})
}
