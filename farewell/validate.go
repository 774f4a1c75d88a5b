package farewell

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
)

// Field names an input of the wizard that can be wrong. The Slack layer maps
// each to its block.
type Field string

const (
	FieldClient         Field = "client"
	FieldLang           Field = "lang"
	FieldGroup          Field = "group"
	FieldPath           Field = "path"
	FieldTone           Field = "tone"
	FieldEndDate        Field = "end_date"
	FieldReasons        Field = "reasons"
	FieldRefund         Field = "refund"
	FieldRefundAmount   Field = "refund_amount"
	FieldNoticeDays     Field = "notice_days"
	FieldReviewBy       Field = "review_by"
	FieldLastDay        Field = "last_day"
	FieldReferral       Field = "referral" // the provider's name
	FieldSpeaker        Field = "speaker"
	FieldChannel        Field = "channel"
	FieldOutOfScope     Field = "out_of_scope"
	FieldContactMinutes Field = "contact_minutes"
	FieldChannels       Field = "channels"
	FieldRedo           Field = "redo"
	FieldRedoBy         Field = "redo_by"
)

// Code says what is wrong with a field.
type Code string

const (
	CodeMissing      Code = "missing"       // nothing given
	CodeInvalid      Code = "invalid"       // not one of the allowed values
	CodePast         Code = "past"          // a date before today
	CodeHostileGroup Code = "hostile_group" // back to the start with a hostile client
	CodeOutOfRange   Code = "out_of_range"  // a number outside its bounds
)

// FieldError is one problem with a decision.
type FieldError struct {
	Field Field
	Code  Code
}

func (e FieldError) Error() string { return string(e.Field) + ": " + string(e.Code) }

// Text explains the problem to the manager.
func (e FieldError) Text(p *locale.Printer) string {
	return e.line().Render(p)
}

func (e FieldError) line() Line {
	l := Line{ID: "farewell.invalid." + string(e.Field) + "." + string(e.Code)}
	if e.Field == FieldNoticeDays {
		l.Args = map[string]Arg{"Max": text(strconv.Itoa(MaxNoticeDays))}
	}
	if e.Field == FieldContactMinutes {
		l.Args = map[string]Arg{
			"Min": text(strconv.Itoa(MinContactMinutes)),
			"Max": text(strconv.Itoa(MaxContactMinutes)),
		}
	}
	return l
}

// ErrInvalid is returned (wrapped) by Draft for a decision that Validate
// rejects.
var ErrInvalid = errors.New("invalid farewell decision")

// Validate lists what is wrong with the decision, in the order the fields
// appear in the wizard; nil means it can be drafted and saved. today is the
// team's current calendar day: dates before it are in the past.
func (d Decision) Validate(today time.Time) []FieldError {
	d = d.Normalized()
	var errs []FieldError
	add := func(f Field, c Code) { errs = append(errs, FieldError{f, c}) }

	if d.Client == "" {
		add(FieldClient, CodeMissing)
	}
	if !locale.Supported(d.Lang) {
		add(FieldLang, CodeInvalid)
	}
	if c := choiceProblem(d.Group); c != "" {
		add(FieldGroup, c)
	}
	if c := choiceProblem(d.Path); c != "" {
		add(FieldPath, c)
	} else if d.Group.Valid() && !d.Path.Allows(d.Group) {
		add(FieldPath, CodeHostileGroup)
	}
	if d.Path == PartWays || d.Path == Boundaries || d.Path == Soften {
		if c := choiceProblem(d.Tone); c != "" {
			add(FieldTone, c)
		}
	}
	switch d.Path {
	case PartWays:
		errs = append(errs, validatePart(d.Part, today)...)
	case Boundaries:
		errs = append(errs, validateBoundaries(d.Boundaries, today)...)
	case BackToStart:
		errs = append(errs, validateRecovery(d.Recovery, today)...)
	case Soften:
		errs = append(errs, validateSoften(d.Soften, today)...)
	}
	return errs
}

func validateSoften(s *SoftenDetails, today time.Time) []FieldError {
	if s == nil {
		s = &SoftenDetails{}
	}
	var errs []FieldError
	switch {
	case s.LastDay.IsZero():
		errs = append(errs, FieldError{FieldLastDay, CodeMissing})
	case beforeDay(s.LastDay, today):
		errs = append(errs, FieldError{FieldLastDay, CodePast})
	}
	if c := choiceProblem(s.Refund); c != "" {
		errs = append(errs, FieldError{FieldRefund, c})
	}
	if s.RefundMinor < 0 {
		errs = append(errs, FieldError{FieldRefundAmount, CodeInvalid})
	}
	return errs
}

func validatePart(p *PartDetails, today time.Time) []FieldError {
	if p == nil {
		p = &PartDetails{}
	}
	var errs []FieldError
	add := func(f Field, c Code) { errs = append(errs, FieldError{f, c}) }
	switch {
	case p.EndDate.IsZero():
		add(FieldEndDate, CodeMissing)
	case beforeDay(p.EndDate, today):
		add(FieldEndDate, CodePast)
	}
	switch {
	case len(p.Reasons) == 0:
		add(FieldReasons, CodeMissing)
	case !allValid(p.Reasons):
		add(FieldReasons, CodeInvalid)
	}
	if c := choiceProblem(p.Refund); c != "" {
		add(FieldRefund, c)
	}
	if p.RefundMinor < 0 {
		add(FieldRefundAmount, CodeInvalid)
	}
	if p.NoticeDays < 0 || p.NoticeDays > MaxNoticeDays {
		add(FieldNoticeDays, CodeOutOfRange)
	}
	if p.Referral != nil && p.Referral.Provider == "" {
		add(FieldReferral, CodeMissing)
	}
	if p.Speaker == "" {
		add(FieldSpeaker, CodeMissing)
	}
	if c := choiceProblem(p.Channel); c != "" {
		add(FieldChannel, c)
	}
	return errs
}

func validateBoundaries(b *BoundaryDetails, today time.Time) []FieldError {
	if b == nil {
		b = &BoundaryDetails{ContactMinutes: DefaultContactMinutes}
	}
	var errs []FieldError
	switch {
	case b.ReviewBy.IsZero():
		errs = append(errs, FieldError{FieldReviewBy, CodeMissing})
	case beforeDay(b.ReviewBy, today) || !today.IsZero() && ledger.Date(b.ReviewBy).Equal(ledger.Date(today)):
		errs = append(errs, FieldError{FieldReviewBy, CodePast})
	}
	if len(b.OutOfScope) == 0 {
		errs = append(errs, FieldError{FieldOutOfScope, CodeMissing})
	}
	if b.ContactMinutes < MinContactMinutes || b.ContactMinutes > MaxContactMinutes {
		errs = append(errs, FieldError{FieldContactMinutes, CodeOutOfRange})
	}
	if len(b.Channels) == 0 {
		errs = append(errs, FieldError{FieldChannels, CodeMissing})
	}
	return errs
}

func validateRecovery(r *RecoveryDetails, today time.Time) []FieldError {
	if r == nil {
		r = &RecoveryDetails{}
	}
	var errs []FieldError
	if r.Redo == "" {
		errs = append(errs, FieldError{FieldRedo, CodeMissing})
	}
	switch {
	case r.By.IsZero():
		errs = append(errs, FieldError{FieldRedoBy, CodeMissing})
	case beforeDay(r.By, today):
		errs = append(errs, FieldError{FieldRedoBy, CodePast})
	}
	return errs
}

// beforeDay compares calendar days; a zero today never makes a day past.
func beforeDay(day, today time.Time) bool {
	return !today.IsZero() && ledger.Date(day).Before(ledger.Date(today))
}

// choiceProblem is what is wrong with a required choice: missing when
// unset, invalid when not a known value; "" when it is fine.
func choiceProblem[T interface {
	~string
	Valid() bool
}](v T) Code {
	switch {
	case v == "":
		return CodeMissing
	case !v.Valid():
		return CodeInvalid
	}
	return ""
}

func allValid(signs []Sign) bool {
	for _, s := range signs {
		if !s.Valid() {
			return false
		}
	}
	return true
}

// invalidError wraps ErrInvalid with the problems found.
func invalidError(errs []FieldError) error {
	parts := make([]string, len(errs))
	for i, e := range errs {
		parts[i] = e.Error()
	}
	return fmt.Errorf("%w: %s", ErrInvalid, strings.Join(parts, "; "))
}
