package farewell

import (
	"fmt"
	"strings"
	"time"

	"github.com/tact-bot/tact/locale"
)

// Doc names one of the drafts.
type Doc string

const (
	DocSummary       Doc = "summary"
	DocConversation  Doc = "conversation"
	DocFollowUp      Doc = "follow_up"
	DocReferralNote  Doc = "referral_note"
	DocReferralIntro Doc = "referral_intro"
	DocNotice        Doc = "notice"
	DocHandoverAct   Doc = "handover_act"
	DocChecklist     Doc = "checklist"
	DocBoundaryMemo  Doc = "boundary_memo"
	DocDeskNote      Doc = "desk_note"
	DocRecoveryPlan  Doc = "recovery_plan"
	DocClosing       Doc = "closing_message"
	DocSoftenNote    Doc = "soften_note"
)

// Docs lists the drafts in the order they are shown.
func Docs() []Doc {
	return []Doc{DocSummary, DocConversation, DocFollowUp, DocReferralNote, DocReferralIntro,
		DocNotice, DocHandoverAct, DocChecklist, DocBoundaryMemo, DocDeskNote, DocRecoveryPlan, DocClosing, DocSoftenNote}
}

// Drafts are the texts written for a decision, in its language. Only the
// drafts of its path are filled; the rest are empty. Text is plain (no
// Slack markup) apart from user mentions ("<@U123>") in the checklist and
// summary, so it can be shown for editing as it is.
type Drafts struct {
	Lang string
	Path Path

	Summary string

	Conversation  []Section // the seven steps, titled
	FollowUp      string    // the written summary promised at the end of the talk
	ReferralNote  string    // to the provider; "" without a referral
	ReferralIntro string    // to the client: the provider, or an offer to suggest one
	Notice        string    // the formal notice of termination
	HandoverAct   string    // the handover act, item by item
	Checklist     []string

	BoundaryMemo string
	DeskNote     string

	RecoveryPlan string

	ClosingMessage string // to a client leaving on their own terms
	SoftenNote     string // for the team: no pursuit, no argument

	// Titles holds the heading of every draft that is filled.
	Titles map[Doc]string
}

// Section is one step of the conversation script.
type Section struct {
	Title string
	Note  string // guidance for the speaker, not to be said aloud
	Text  string // what to say
}

// Draft writes the drafts for the decision in d.Lang. It refuses a decision
// that Validate rejects (dates aside: it does not know today) and fails if a
// message is missing or a placeholder is left unfilled, so a broken
// catalogue never reaches a client.
func Draft(cat *locale.Catalog, ev Evidence, d Decision) (Drafts, error) {
	if errs := d.Validate(time.Time{}); len(errs) > 0 {
		return Drafts{}, invalidError(errs)
	}
	d = d.Normalized()
	p := cat.For(d.Lang)
	plan := Select(ev, d)
	r := renderer{p: p}
	out := Drafts{
		Lang:           p.Lang(),
		Path:           plan.Path,
		Summary:        r.paras(plan.Summary),
		FollowUp:       r.paras(plan.FollowUp),
		Notice:         r.paras(plan.Notice),
		HandoverAct:    r.paras(plan.HandoverAct),
		ReferralNote:   r.paras(plan.ReferralNote),
		ReferralIntro:  r.paras(plan.ReferralIntro),
		BoundaryMemo:   r.paras(plan.BoundaryMemo),
		DeskNote:       r.paras(plan.DeskNote),
		RecoveryPlan:   r.paras(plan.RecoveryPlan),
		ClosingMessage: r.paras(plan.ClosingMessage),
		SoftenNote:     r.paras(plan.SoftenNote),
	}
	for i, s := range plan.Conversation {
		out.Conversation = append(out.Conversation, Section{
			Title: fmt.Sprintf("%d. %s", i+1, r.line(s.Title)),
			Note:  r.joined(s.Note, " "),
			Text:  r.paras(s.Text),
		})
	}
	for _, l := range plan.Checklist {
		out.Checklist = append(out.Checklist, r.line(l))
	}
	out.Titles = map[Doc]string{}
	for _, doc := range Docs() {
		if !out.empty(doc) {
			out.Titles[doc] = r.line(msg("farewell.doc." + string(doc)))
		}
	}
	if r.err != nil {
		return Drafts{}, fmt.Errorf("drafting %s for %q in %s: %w", d.Path, d.Client, p.Lang(), r.err)
	}
	return out, nil
}

// renderer renders lines and remembers the first one that came out broken.
type renderer struct {
	p   *locale.Printer
	err error
}

// unfilledMark returns the first mark of text that did not render in s:
// go-i18n's missing value, the catalogue's unknown id, fmt's bad verb, a raw
// placeholder. Marks that come from the values themselves (a client typed
// with braces) are the user's text, not a gap.
func unfilledMark(s string, values map[string]any) string {
	for _, m := range []string{"<no value>", "⟨", "%!", "{{", "}}"} {
		if strings.Contains(s, m) && !anyContains(values, m) {
			return m
		}
	}
	return ""
}

func anyContains(values map[string]any, sub string) bool {
	for _, v := range values {
		if s, ok := v.(string); ok && strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func (r *renderer) line(l Line) string {
	s := strings.TrimSpace(l.Render(r.p))
	if r.err != nil {
		return s
	}
	if s == "" {
		r.err = fmt.Errorf("message %s rendered empty", l.ID)
	} else if m := unfilledMark(s, l.data(r.p)); m != "" {
		r.err = fmt.Errorf("message %s left %q in %q", l.ID, m, s)
	}
	return s
}

func (r *renderer) joined(lines []Line, sep string) string {
	parts := make([]string, len(lines))
	for i, l := range lines {
		parts[i] = r.line(l)
	}
	return strings.Join(parts, sep)
}

func (r *renderer) paras(ps []Para) string {
	parts := make([]string, 0, len(ps))
	for _, p := range ps {
		if p.Bullets {
			lines := make([]string, len(p.Lines))
			for i, l := range p.Lines {
				lines[i] = "• " + r.line(l)
			}
			parts = append(parts, strings.Join(lines, "\n"))
			continue
		}
		parts = append(parts, r.joined(p.Lines, " "))
	}
	return strings.Join(parts, "\n\n")
}

// empty reports whether the draft doc has no text: it was not written for
// this path.
func (d Drafts) empty(doc Doc) bool { return d.Body(doc) == "" }

// Body is one draft as plain text: the conversation as titled steps with the
// speaker's notes in brackets, the checklist one "☐" item a line.
func (d Drafts) Body(doc Doc) string {
	switch doc {
	case DocSummary:
		return d.Summary
	case DocConversation:
		parts := make([]string, len(d.Conversation))
		for i, s := range d.Conversation {
			parts[i] = s.Title + "\n(" + s.Note + ")\n\n" + s.Text
		}
		return strings.Join(parts, "\n\n")
	case DocFollowUp:
		return d.FollowUp
	case DocNotice:
		return d.Notice
	case DocHandoverAct:
		return d.HandoverAct
	case DocReferralNote:
		return d.ReferralNote
	case DocReferralIntro:
		return d.ReferralIntro
	case DocChecklist:
		items := make([]string, len(d.Checklist))
		for i, c := range d.Checklist {
			items[i] = "☐ " + c
		}
		return strings.Join(items, "\n")
	case DocBoundaryMemo:
		return d.BoundaryMemo
	case DocDeskNote:
		return d.DeskNote
	case DocRecoveryPlan:
		return d.RecoveryPlan
	case DocClosing:
		return d.ClosingMessage
	case DocSoftenNote:
		return d.SoftenNote
	}
	return ""
}

// Text is every filled draft under its title, in Docs order: what the
// manager receives, before any splitting for Slack.
func (d Drafts) Text() string {
	var parts []string
	for _, doc := range Docs() {
		if !d.empty(doc) {
			parts = append(parts, strings.ToUpper(d.Titles[doc])+"\n\n"+d.Body(doc))
		}
	}
	return strings.Join(parts, "\n\n\n")
}
