package dialogs

// Buttons on the digest (in the channel, in /digest replies) and on the
// Home tab. Both carry the client's id as their value.
const (
	// ActionReviewClient answers with the client's card, privately.
	ActionReviewClient = "digest.review"
	// ActionOpenFarewell opens the farewell wizard for the client. In a
	// channel everyone sees the same buttons, so its handler (the farewell
	// feature's) refuses non-managers itself.
	ActionOpenFarewell = "farewell.open"
)

// EventHomeOpened is the event Slack sends when someone opens the app's
// Home (or Messages) tab.
const EventHomeOpened = "app_home_opened"
