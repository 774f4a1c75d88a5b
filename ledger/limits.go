package ledger

// Input limits, in one place: the parsers and commands check them, the
// modals give them as max_length, and storage's TestInputLimitsMatchSchema
// checks them against the SQL CHECKs, so a change here without a migration
// (or the reverse) fails CI. Text lengths count characters, as
// char_length does, not bytes.
const (
	// MaxClientNameRunes is the longest client name accepted (clients.name).
	MaxClientNameRunes = 80
	// MaxDepartmentRunes is the longest department name accepted
	// (departments.name).
	MaxDepartmentRunes = 40
	// MaxIncidentDescriptionRunes is what an incident's description holds
	// (incidents.description).
	MaxIncidentDescriptionRunes = 3000
	// MaxHoursNoteRunes is what the note on logged hours holds
	// (time_entries.note).
	MaxHoursNoteRunes = 1000

	// Bounds of one logged stretch of work, in minutes
	// (time_entries.minutes).
	MinDurationMinutes = 1
	MaxDurationMinutes = 24 * 60

	// MaxAmountMajor is the largest amount accepted, in major units;
	// anything above is a typo, not a client. Amounts are never negative
	// (ParseAmountOrZero's least is 0, as the amount columns' CHECKs say).
	MaxAmountMajor = 1_000_000_000_000

	// Bounds of a late payment's days overdue (incidents.days_late): a
	// day up to ten years.
	MinDaysLate = 1
	MaxDaysLate = 3650

	// MaxLinkLength is the longest evidence link kept, in characters
	// (Slack's limit for a URL in a block element).
	MaxLinkLength = 3000
)
