package ledger

// Direction is which way a series is heading: strain polls, cost and hours
// alike, so every feature reads and shows a trend the same way.
//
// The values are the words the farewell wizard has always stored in its
// state between steps and names its catalogue entries by
// ("farewell.trend.rising"): a wizard open across a deploy reads them back.
type Direction string

const (
	// Unknown is a series too short to have a direction (one value or none);
	// a view that must say so tells it apart from Flat.
	Unknown Direction = ""
	Up      Direction = "rising"
	Flat    Direction = "steady"
	Down    Direction = "falling"
)

// Valid reports whether d is a known direction (Unknown included).
func (d Direction) Valid() bool {
	return d == Unknown || d == Up || d == Flat || d == Down
}
