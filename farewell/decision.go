package farewell

import (
	"strings"
	"time"
)

// DefaultContactMinutes is the service-desk limit per contact when the
// manager sets none (domain.md section 5).
const DefaultContactMinutes = 3

// MaxNoticeDays bounds a contract's notice period.
const MaxNoticeDays = 365

// Bounds of the service-desk contact limit, in minutes.
const (
	MinContactMinutes = 1
	MaxContactMinutes = 60
)

// Decision is everything the manager answered in the wizard.
type Decision struct {
	Client  string // the client's name, as shown
	Lang    string // language of the drafts: locale.EN or locale.RU
	Decider string // Slack user id of the manager running the wizard

	Signs    map[Sign]bool // warning-sign answers (see PreAnswer)
	LongTerm LongTerm
	Checks   Checks

	Group Group
	Path  Path
	Tone  Tone  // for parting and boundaries
	Share Share // figures to share in the talk, when parting

	// Exactly the one matching Path is used; the others are ignored.
	Part       *PartDetails
	Boundaries *BoundaryDetails
	Recovery   *RecoveryDetails
	Soften     *SoftenDetails
}

// SoftenDetails is the "soften the blow" step: when the client leaves,
// and what we give to part in peace.
type SoftenDetails struct {
	LastDay     time.Time // the client's last day with us
	Refund      Refund
	RefundMinor int64  // 0 takes the suggestion, as when parting
	Gesture     string // a goodwill gesture beyond money; optional
	Handover    []string
}

// LongTerm is the long-term value of the client beyond this quarter's margin.
type LongTerm struct {
	StrategicBrand bool // a big brand worth having on the list
	EarlyAdopter   bool // tries new products first
	ReferralSource bool // brings other clients
	ReputationRisk bool // has a bad reputation: worth less than the margin says
}

// Checks are the mistakes to avoid, ticked by the manager (domain.md
// section 3). A ticked box says the mistake was considered and avoided.
type Checks struct {
	MeasuredHours      bool   // every department logs its hours on the client
	OwnPart            bool   // we looked at our own part: revenue trend, internal limits
	OnlyThisClient     bool   // other clients are not equally unhappy
	IndependentDecider bool   // the decider is not sales and not the account team
	NotWithdrawing     bool   // the team is not already pulling back from the client
	Reviewer           string // Slack user id of an independent reviewer; optional
}

// PartDetails is the "part ways" step.
type PartDetails struct {
	EndDate time.Time // last day of the work, a calendar day (00:00 UTC)
	Reasons []Sign    // the main reasons, named in a direct talk
	Refund  Refund
	// RefundMinor is the refund's amount as the manager set it; 0 takes
	// the suggestion (SuggestRefund).
	RefundMinor int64
	Referral    *Referral // nil: no provider to recommend
	Handover    []string  // what the client gets to start with a new provider
	Speaker     string    // Slack user id of who talks with the client's most senior person
	Channel     Channel

	// The contract, for the formal notice of termination; optional, the
	// notice leaves a blank to fill in for each one not given.
	Contract   string // its number and date, as written: "№ 15 от 01.02.2025"
	Clause     string // the termination clause: "п. 8.2"
	NoticeDays int    // the notice period the contract sets; 0 when not given
}

// Referral is another provider recommended to the client.
type Referral struct {
	Provider string // company or person
	Contact  string // how to reach them; optional
	WhyFit   string // why they suit this client; optional
}

// BoundaryDetails is the "keep with boundaries" step.
type BoundaryDetails struct {
	InScope        []string // what the service includes
	OutOfScope     []string // what it does not
	ContactMinutes int      // limit per service-desk contact (internal); 0 means DefaultContactMinutes
	Channels       []string // the channels the client may use
	PaymentTerms   string   // deposit or payment terms; optional
	// What the client is told instead of the internal contact limit: when
	// we answer and how fast. Empty takes the catalogue's default.
	OfficeHours  string
	ResponseTime string
	// ReviewBy is the day to look again: keep the boundaries, or move to
	// parting.
	ReviewBy time.Time
}

// DefaultReviewWeeks is how far ahead the boundaries' review is proposed.
const DefaultReviewWeeks = 6

// RecoveryDetails is the "back to the start" step.
type RecoveryDetails struct {
	Redo string    // what will be redone or finished at our cost
	By   time.Time // by when, a calendar day
}

// Normalized returns a copy with text trimmed, empty list items dropped,
// reasons de-duplicated in the wizard's order, an all-empty referral removed
// and the default contact limit applied. Validate and Draft work on it.
func (d Decision) Normalized() Decision {
	d.Client = strings.TrimSpace(d.Client)
	d.Lang = strings.TrimSpace(d.Lang)
	d.Checks.Reviewer = strings.TrimSpace(d.Checks.Reviewer)
	if d.Part != nil {
		p := *d.Part
		p.Reasons = orderedReasons(p.Reasons)
		p.Handover = cleanList(p.Handover)
		p.Speaker = strings.TrimSpace(p.Speaker)
		p.Referral = cleanReferral(p.Referral)
		p.Contract, p.Clause = cleanText(p.Contract), cleanText(p.Clause)
		d.Part = &p
	}
	if d.Boundaries != nil {
		b := *d.Boundaries
		b.InScope = cleanList(b.InScope)
		b.OutOfScope = cleanList(b.OutOfScope)
		b.Channels = cleanList(b.Channels)
		b.PaymentTerms = cleanText(b.PaymentTerms)
		b.OfficeHours, b.ResponseTime = cleanText(b.OfficeHours), cleanText(b.ResponseTime)
		if b.ContactMinutes == 0 {
			b.ContactMinutes = DefaultContactMinutes
		}
		d.Boundaries = &b
	}
	if d.Recovery != nil {
		r := *d.Recovery
		r.Redo = cleanText(r.Redo)
		d.Recovery = &r
	}
	if d.Soften != nil {
		s := *d.Soften
		s.Gesture = cleanText(s.Gesture)
		s.Handover = cleanList(s.Handover)
		d.Soften = &s
	}
	return d
}

// orderedReasons keeps known signs once each, in Signs order, and unknown
// ones after them so Validate can report them.
func orderedReasons(in []Sign) []Sign {
	var out []Sign
	for _, s := range ReasonSigns() {
		for _, r := range in {
			if r == s {
				out = append(out, s)
				break
			}
		}
	}
	for _, r := range in {
		if !r.Valid() {
			out = append(out, r)
		}
	}
	return out
}

// cleanText trims space and the closing full stop or semicolon: the text is
// set inside sentences that bring their own punctuation.
func cleanText(s string) string {
	return strings.TrimSpace(strings.TrimRight(strings.TrimSpace(s), ".;"))
}

func cleanList(in []string) []string {
	var out []string
	for _, s := range in {
		if s = cleanText(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func cleanReferral(r *Referral) *Referral {
	if r == nil {
		return nil
	}
	c := Referral{
		Provider: strings.TrimSpace(r.Provider),
		Contact:  strings.TrimSpace(r.Contact),
		WhyFit:   cleanText(r.WhyFit),
	}
	if c == (Referral{}) {
		return nil
	}
	return &c
}
