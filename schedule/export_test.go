package schedule

import "time"

// Exports for the package's external tests only.

// SpecDaysMatch is daysMatch for a spec in text.
func SpecDaysMatch(spec string, t time.Time) (bool, error) {
	s, err := parseSpec(spec)
	if err != nil {
		return false, err
	}
	return daysMatch(s, t), nil
}
