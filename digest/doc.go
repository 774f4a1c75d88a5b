// Package digest computes the weekly cost-to-serve figures and the health
// flags behind the digest, the App Home dashboard and the farewell wizard.
//
// It is pure: plain types in (see Input), plain figures out (see Report).
// It knows nothing of Slack, the database or wording: a Flag carries its
// kind and the numbers its sentence needs, and the sentence itself comes
// from the locale catalogues.
//
// Conventions are the ledger's: money in int64 minor units, durations in
// int minutes, days as calendar dates held at 00:00 UTC (ledger.Date).
package digest
