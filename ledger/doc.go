// Package ledger is Tact's pure domain for clients, incidents and hours:
// plain types, the parsers behind the slash-command grammar, client name
// resolution, and the cost-to-serve arithmetic.
//
// It does no I/O and knows nothing of Slack or the database. Parsers return
// sentinel errors (compare with errors.Is) and typed problem lists; the
// callers turn those into sentences from the locale catalogues.
//
// Conventions: money is int64 minor units (cents, kopecks); durations are
// int minutes; a "day" is a calendar date held as a time.Time at 00:00 UTC
// (see Date and DayIn) and days are compared by date only.
package ledger
