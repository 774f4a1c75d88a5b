package dialogs

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/farewell"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
)

// The farewell wizard is one modal whose view is replaced step by step
// (views.update or response_action update), so the stack stays at one view
// and every step can go Back. private_metadata carries only the step and
// the client; the evidence and the answers so far live server-side in a
// farewell_wizards row keyed by the view's id, which stays the same across
// updates.

// Ids of the wizard. Block ids are also the keys of response_action errors.
const (
	CallbackFarewell   = "farewell.wizard"
	ActionFarewellBack = "farewell.back"

	// Step 1: the warning signs and long-term questions, yes or no.
	blockSignPrefix = "sign."
	blockLongPrefix = "long."
	// Step 2: one checkbox per mistake to avoid, and the reviewer.
	blockCheckPrefix = "check."
	blockReviewer    = "reviewer"
	// Step 3.
	blockGroup = "group"
	blockPath  = "path"
	// Step 4.
	blockEndDate         = "end_date"
	blockTone            = "tone"
	blockReasons         = "reasons"
	blockRefund          = "refund"
	blockRefundAmount    = "refund_amount"
	blockContract        = "contract"
	blockClause          = "clause"
	blockNoticeDays      = "notice_days"
	blockShare           = "share"
	blockReferral        = "referral"
	blockReferralContact = "referral_contact"
	blockReferralWhy     = "referral_why"
	blockHandover        = "handover"
	blockSpeaker         = "speaker"
	blockChannel         = "channel"
	blockLang            = "lang"
	blockInScope         = "in_scope"
	blockOutOfScope      = "out_of_scope"
	blockContactMinutes  = "contact_minutes"
	blockChannels        = "channels"
	blockPayment         = "payment"
	blockOfficeHours     = "office_hours"
	blockResponseTime    = "response_time"
	blockReviewBy        = "review_by"
	blockLastDay         = "last_day"
	blockGesture         = "gesture"
	blockRedo            = "redo"
	blockRedoBy          = "redo_by"
	// Step 5: "draft.<doc>.<part>", a draft split across inputs.
	blockDraftPrefix = "draft."
	blockSummary     = "summary"

	blockNav     = "farewell.nav"
	blockMessage = "farewell.message"
)

// fieldAction is the action id of the element in a wizard field's block.
func fieldAction(block string) string {
	switch {
	case strings.HasPrefix(block, blockSignPrefix), strings.HasPrefix(block, blockLongPrefix):
		return "farewell.answer"
	case strings.HasPrefix(block, blockCheckPrefix):
		return "farewell.check"
	case strings.HasPrefix(block, blockDraftPrefix):
		return "farewell.draft"
	}
	return "farewell." + block
}

// farewellStep is where the wizard is.
type farewellStep int

const (
	stepLoading farewellStep = iota // a notice: loading, preparing, an error
	stepEvidence
	stepCheck
	stepPath
	stepDetails
	stepPreview
)

func (s farewellStep) name() string {
	return [...]string{"loading", "evidence", "check", "path", "details", "preview"}[s]
}

func (s farewellStep) valid() bool { return s >= stepLoading && s <= stepPreview }

// farewellMetaVersion is bumped when farewellMeta changes incompatibly.
const farewellMetaVersion = 1

// farewellMeta is the wizard's private_metadata.
type farewellMeta struct {
	Version int          `json:"v"`
	Step    farewellStep `json:"s"`
	Client  int64        `json:"c"`
	Name    string       `json:"n,omitempty"` // the client's name, for messages when the state is gone
}

func (m farewellMeta) String() string {
	m.Version = farewellMetaVersion
	m.Name = clip(m.Name, ledger.MaxClientNameRunes)
	b, _ := json.Marshal(m) // ints and a short string: cannot fail
	return string(b)
}

func (m farewellMeta) at(s farewellStep) farewellMeta {
	m.Step = s
	return m
}

func parseFarewellMeta(s string) (farewellMeta, error) {
	var m farewellMeta
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return farewellMeta{}, fmt.Errorf("%w: %v", ErrMetadata, err)
	}
	if m.Version != farewellMetaVersion || !m.Step.valid() || m.Client <= 0 {
		return farewellMeta{}, fmt.Errorf("%w: farewell metadata %q", ErrMetadata, s)
	}
	return m, nil
}

// farewellStateVersion is bumped when farewellState changes incompatibly:
// an older wizard's state then reads as expired.
const farewellStateVersion = 1

// farewellState is what the wizard remembers between steps.
type farewellState struct {
	Version  int               `json:"v"`
	Evidence farewell.Evidence `json:"evidence"`
	// Revenue is the client's revenue history, newest first, as much as
	// the evidence step shows.
	Revenue  []ledger.Revenue  `json:"revenue,omitempty"`
	Decision farewell.Decision `json:"decision"`
}

var errStateVersion = errors.New("farewell wizard state of another version")

func decodeFarewellState(raw []byte) (farewellState, error) {
	var s farewellState
	if err := json.Unmarshal(raw, &s); err != nil {
		return farewellState{}, fmt.Errorf("reading farewell wizard state: %w", err)
	}
	if s.Version != farewellStateVersion {
		return farewellState{}, errStateVersion
	}
	return s, nil
}

func (s farewellState) encode() ([]byte, error) {
	s.Version = farewellStateVersion
	b, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("encoding farewell wizard state: %w", err)
	}
	return b, nil
}

// fieldBlock is the block that shows a decision field in the wizard.
func fieldBlock(f farewell.Field) (block string, step farewellStep) {
	switch f {
	case farewell.FieldGroup, farewell.FieldPath:
		return string(f), stepPath
	case farewell.FieldClient:
		return "", stepLoading
	}
	// Every other field is a detail; their block ids are the field names.
	return string(f), stepDetails
}

// stepErrors are the decision's problems that belong to a step, as
// response_action errors: the first problem of each block.
func stepErrors(p *locale.Printer, d farewell.Decision, step farewellStep, today time.Time) map[string]string {
	out := map[string]string{}
	for _, e := range d.Validate(today) {
		block, s := fieldBlock(e.Field)
		if s != step || block == "" {
			continue
		}
		if _, seen := out[block]; !seen {
			out[block] = e.Text(p)
		}
	}
	return out
}

// viewValues reads the submitted state of a wizard view.
type viewValues map[string]map[string]slack.BlockAction

// get returns the field's element state and whether the view sent it. A
// field the view did not send keeps what the wizard remembered.
func (v viewValues) get(block string) (slack.BlockAction, bool) {
	a, ok := v[block][fieldAction(block)]
	return a, ok
}

func (v viewValues) text(block string, into *string) {
	if a, ok := v.get(block); ok {
		*into = a.Value
	}
}

func (v viewValues) lines(block string, into *[]string) {
	if a, ok := v.get(block); ok {
		*into = splitLines(a.Value)
	}
}

func (v viewValues) option(block string) (string, bool) {
	a, ok := v.get(block)
	return a.SelectedOption.Value, ok
}

func (v viewValues) options(block string) ([]string, bool) {
	a, ok := v.get(block)
	if !ok {
		return nil, false
	}
	out := make([]string, 0, len(a.SelectedOptions))
	for _, o := range a.SelectedOptions {
		out = append(out, o.Value)
	}
	return out, true
}

func (v viewValues) user(block string, into *string) {
	if a, ok := v.get(block); ok {
		*into = a.SelectedUser
	}
}

// date reads a date picker: zero when cleared or unreadable.
func (v viewValues) date(block string, into *time.Time) {
	a, ok := v.get(block)
	if !ok {
		return
	}
	d, err := time.Parse(time.DateOnly, a.SelectedDate)
	if err != nil {
		d = time.Time{}
	}
	*into = d
}

// yesNo reads a yes/no radio.
func (v viewValues) yesNo(block string, into *bool) {
	switch val, _ := v.option(block); val {
	case "yes":
		*into = true
	case "no":
		*into = false
	}
}

// ticked reads a single checkbox.
func (v viewValues) ticked(block string, into *bool) {
	if vals, ok := v.options(block); ok {
		*into = len(vals) > 0
	}
}

// splitLines is one item a line, blank lines dropped.
func splitLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
