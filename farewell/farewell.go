// Package farewell is the domain of the farewell wizard: the keep-or-part
// decision a manager takes about a difficult client, its validation, the
// mistakes to avoid, and the drafts the product writes from it (the
// conversation script, the referral note and checklist when parting; the
// boundary memo and service-desk note when keeping the client on new terms;
// the recovery plan when starting over).
//
// Everything here is a pure function over plain types: no Slack, no
// database. The text comes from the locale catalogues
// (locale/messages/<lang>/farewell.toml). Select decides which messages a
// draft is made of; Draft renders that selection in the decision's language.
//
// Nothing here can name the person who reported an incident: Evidence holds
// counts and dates, never reporters, and must stay that way.
package farewell

import "slices"

// Group is how unhappy the client is (domain.md section 4).
type Group string

const (
	// Hostile clients act against their own interest: expect bad reviews,
	// frozen projects, court. Recovery is possible but very costly.
	Hostile Group = "hostile"
	// Negotiating clients will talk but want a discount at our expense.
	Negotiating Group = "negotiating"
	// WantsToNegotiate clients ask for a discount or more time; lowest risk.
	WantsToNegotiate Group = "wants_to_negotiate"
)

// Groups lists the groups from the most to the least hostile.
func Groups() []Group { return []Group{Hostile, Negotiating, WantsToNegotiate} }

// Valid reports whether g is a known group.
func (g Group) Valid() bool { return slices.Contains(Groups(), g) }

// Path is what the manager decides to do.
type Path string

const (
	// BackToStart redoes or finishes the work at our cost (groups 2–3 only).
	BackToStart Path = "back_to_start"
	// Boundaries keeps the client on written limits.
	Boundaries Path = "boundaries"
	// PartWays ends the relationship.
	PartWays Path = "part_ways"
	// Soften is for a client who is leaving on their own or stays hostile:
	// no pursuit, a calm closing message and a refund or gesture, so they
	// don't take it out on us in reviews (seed 003: soften the blow).
	Soften Path = "soften"
)

// Paths lists the paths from the mildest to the firmest, then softening
// an ending the client chose.
func Paths() []Path { return []Path{BackToStart, Boundaries, PartWays, Soften} }

// Valid reports whether p is a known path.
func (p Path) Valid() bool { return slices.Contains(Paths(), p) }

// Allows reports whether the path is open to a client of group g: going back
// to the start is too costly with a hostile client.
func (p Path) Allows(g Group) bool { return p != BackToStart || g != Hostile }

// Tone is how plainly a draft names the reasons.
type Tone string

const (
	// Direct names the real reasons, without blame.
	Direct Tone = "direct"
	// Neutral speaks of no longer being able to serve the account well.
	Neutral Tone = "neutral"
)

// Tones lists the tones.
func Tones() []Tone { return []Tone{Direct, Neutral} }

// Valid reports whether t is a known tone.
func (t Tone) Valid() bool { return slices.Contains(Tones(), t) }

// Refund is what the client gets back of the last month when parting.
type Refund string

const (
	RefundNone     Refund = "none"
	RefundPartLast Refund = "part_last_month"
	RefundAllLast  Refund = "all_last_month"
)

// Refunds lists the refund options, smallest first.
func Refunds() []Refund { return []Refund{RefundNone, RefundPartLast, RefundAllLast} }

// Valid reports whether r is a known refund option.
func (r Refund) Valid() bool { return slices.Contains(Refunds(), r) }

// Sign is a warning sign the wizard asks about (domain.md section 1); the
// signs are also the reasons a manager can give for parting.
type Sign string

const (
	SignComplaints  Sign = "complaints"  // constant groundless complaints, impossible demands
	SignDisrespect  Sign = "disrespect"  // shouting, insults, belittling the staff
	SignObligations Sign = "obligations" // unmet obligations, above all late or no payment
	SignThreats     Sign = "threats"     // bad reviews, public exposure, court
)

// The behaviours incidents record beyond the four warning signs (the
// toxic criteria of seed 002): with the signs, the reasons a manager can
// give for parting.
const (
	SignScopeCreep      Sign = "scope_creep"     // regularly asks for work outside the contract
	SignMicromanagement Sign = "micromanagement" // teaches us how to do our job
	SignAttention       Sign = "attention"       // demands exclusive attention
	SignDevaluation     Sign = "devaluation"     // devalues the team, abuses its loyalty
	SignUnlisted        Sign = "unlisted"        // anything else logged as "other"
)

// Signs lists the warning signs in the order the wizard asks about them.
func Signs() []Sign { return []Sign{SignComplaints, SignDisrespect, SignObligations, SignThreats} }

// ReasonSigns lists every reason a manager can give for parting: the
// warning signs, then one per other incident category that counts against
// the client.
func ReasonSigns() []Sign {
	return append(Signs(), SignScopeCreep, SignMicromanagement, SignAttention, SignDevaluation, SignUnlisted)
}

// Valid reports whether s is a known reason (every sign is one).
func (s Sign) Valid() bool { return slices.Contains(ReasonSigns(), s) }

// Channel is how the most senior person on the client's side hears the
// decision. There is deliberately no email: parting is never by email alone.
type Channel string

const (
	Meeting Channel = "meeting"
	Call    Channel = "call"
)

// Channels lists the channels, preferred first.
func Channels() []Channel { return []Channel{Meeting, Call} }

// Valid reports whether c is a known channel.
func (c Channel) Valid() bool { return slices.Contains(Channels(), c) }

// Share says which figures the manager chose to share with the client when
// explaining how the decision was made.
type Share struct {
	Hours     bool // hours per week spent on the account
	Money     bool // cost to serve against revenue
	Incidents bool // how many difficult situations were logged
}
