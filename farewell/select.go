package farewell

// Plan is the text selection for a decision: which messages make up each
// draft, with their values, before rendering. Only the drafts of the
// decision's path are filled.
type Plan struct {
	Path    Path
	Summary []Para

	// Part ways.
	Conversation  []PlanSection // the seven steps, in order
	FollowUp      []Para        // the written summary after the talk
	Notice        []Para        // the formal notice of termination
	HandoverAct   []Para        // the handover act
	ReferralNote  []Para        // to the recommended provider; nil without a referral
	ReferralIntro []Para        // introducing the provider, or offering to suggest one
	Checklist     []Line

	// Keep with boundaries.
	BoundaryMemo []Para
	DeskNote     []Para

	// Back to the start.
	RecoveryPlan []Para

	// Soften the blow.
	ClosingMessage []Para
	SoftenNote     []Para
}

// PlanSection is one step of the conversation: its title, a note for the
// speaker (not to be said aloud) and the words to say.
type PlanSection struct {
	Title Line
	Note  []Line
	Text  []Para
}

// Select chooses the text of every draft for the decision: by path, tone,
// group, reasons, refund, referral, channel and the figures chosen for
// sharing. It is a pure function; Draft renders its result.
func Select(ev Evidence, d Decision) Plan {
	d = d.Normalized()
	if d.Client == "" {
		d.Client = ev.ClientName
	}
	plan := Plan{Path: d.Path, Summary: selectSummary(ev, d)}
	switch d.Path {
	case PartWays:
		part := partOf(d)
		plan.Conversation = selectConversation(ev, d, part)
		plan.FollowUp = selectFollowUp(ev, d, part)
		plan.Notice = selectNotice(ev, d, part)
		plan.HandoverAct = selectHandoverAct(d, part)
		plan.ReferralNote = selectReferralNote(d, part)
		plan.ReferralIntro = selectReferralIntro(part)
		plan.Checklist = selectChecklist(ev, d, part)
	case Boundaries:
		b := boundariesOf(d)
		plan.BoundaryMemo = selectMemo(d, b)
		plan.DeskNote = selectDeskNote(d, b)
	case BackToStart:
		plan.RecoveryPlan = selectRecovery(d, recoveryOf(d))
	case Soften:
		s := softenOf(d)
		plan.ClosingMessage = selectClosingMessage(ev, d, s)
		plan.SoftenNote = selectSoftenNote(ev, d, s)
	}
	return plan
}

func softenOf(d Decision) SoftenDetails {
	if d.Soften == nil {
		return SoftenDetails{}
	}
	return *d.Soften
}

// The details of the chosen path, or empty ones, so that an incomplete
// decision still selects (Draft refuses it before rendering).

func partOf(d Decision) PartDetails {
	if d.Part == nil {
		return PartDetails{}
	}
	return *d.Part
}

func boundariesOf(d Decision) BoundaryDetails {
	if d.Boundaries == nil {
		return BoundaryDetails{ContactMinutes: DefaultContactMinutes}
	}
	return *d.Boundaries
}

func recoveryOf(d Decision) RecoveryDetails {
	if d.Recovery == nil {
		return RecoveryDetails{}
	}
	return *d.Recovery
}

// Defaults for text choice when a value is unset or unknown; Validate
// rejects such decisions before they are drafted.

func toneOf(d Decision) Tone          { return validOr(d.Tone, Neutral) }
func groupOf(d Decision) Group        { return validOr(d.Group, WantsToNegotiate) }
func refundOf(p PartDetails) Refund   { return validOr(p.Refund, RefundNone) }
func channelOf(p PartDetails) Channel { return validOr(p.Channel, Meeting) }

// validOr is v when it is a known value, else def.
func validOr[T interface{ Valid() bool }](v, def T) T {
	if v.Valid() {
		return v
	}
	return def
}

// signNames lists the signs' names for use mid-sentence.
func signNames(signs []Sign) list {
	lines := make([]Line, 0, len(signs))
	for _, s := range signs {
		if s.Valid() {
			lines = append(lines, msg("farewell.sign."+string(s)))
		}
	}
	return lineList(lines)
}
