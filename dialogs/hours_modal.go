package dialogs

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot/blockkit"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
)

// HoursForm is everything the hours modal shows.
type HoursForm struct {
	Clients     []ledger.Client
	ClientID    int64
	Departments []string // known departments; at least one
	Department  string   // preselected, "" for none
	Duration    string   // the duration field's text
	Day         time.Time
	Note        string
	Outside     bool   // outside the contract
	Notice      string // mrkdwn: what a typed command left unclear
	Meta        Metadata
}

// HoursView builds the hours modal.
func HoursView(p *locale.Printer, f HoursForm) slack.ModalViewRequest {
	return entryModal(p, CallbackHours, "hours.modal.title", "hours.modal.submit", "hours.modal.close", f.Notice, f.Meta,
		clientInput(f.Clients, f.ClientID, p.T("hours.modal.client"), p.T("hours.modal.client_placeholder"), p.T("hours.modal.client_search")),
		durationInput(p, f.Duration),
		departmentInput(p, f.Departments, f.Department),
		dayInput(p.T("hours.modal.day"), f.Day),
		outsideInput(p, f.Outside),
		noteInput(p, f.Note),
	)
}

// outsideInput marks time the contract does not cover: scope creep shows
// as money in the digest.
func outsideInput(p *locale.Printer, checked bool) *slack.InputBlock {
	opt := slack.NewOptionBlockObject(OptionOutside, plain(p.T("hours.modal.outside_option")), plain(p.T("hours.modal.outside_hint")))
	box := slack.NewCheckboxGroupsBlockElement(ActionOutside, opt)
	if checked {
		box.InitialOptions = []*slack.OptionBlockObject{opt}
	}
	return slack.NewInputBlock(BlockOutside, plain(p.T("hours.modal.outside")), nil, box).WithOptional(true)
}

func durationInput(p *locale.Printer, text string) *slack.InputBlock {
	in := slack.NewPlainTextInputBlockElement(plain(p.T("hours.modal.duration_placeholder")), ActionDuration).
		WithMaxLength(40).WithInitialValue(clip(text, 40))
	return slack.NewInputBlock(BlockDuration, plain(p.T("hours.modal.duration")), plain(p.T("hours.modal.duration_hint")), in)
}

func departmentInput(p *locale.Printer, departments []string, selected string) *slack.InputBlock {
	var opts []*slack.OptionBlockObject
	var initial *slack.OptionBlockObject
	for i, d := range departments {
		if i == blockkit.MaxStaticSelect {
			break
		}
		o := slack.NewOptionBlockObject(d, plain(locale.Clip(d, blockkit.MaxOptionText)), nil)
		opts = append(opts, o)
		if strings.EqualFold(d, selected) {
			initial = o
		}
	}
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain(p.T("hours.modal.department_placeholder")), ActionDepartment, opts...)
	sel.InitialOption = initial
	return slack.NewInputBlock(BlockDepartment, plain(p.T("hours.modal.department")), nil, sel)
}

func noteInput(p *locale.Printer, note string) *slack.InputBlock {
	in := slack.NewPlainTextInputBlockElement(plain(p.T("hours.modal.note_placeholder")), ActionNote).
		WithMultiline(true).WithMaxLength(ledger.MaxHoursNoteRunes).WithInitialValue(clip(note, ledger.MaxHoursNoteRunes))
	return slack.NewInputBlock(BlockNote, plain(p.T("hours.modal.note")), nil, in).WithOptional(true)
}

// DurationText writes minutes the way the duration field accepts them, in
// the user's language: "1h30m", "1ч30м".
func DurationText(lang string, minutes int) string {
	if minutes <= 0 {
		return ""
	}
	h, m := "h", "m"
	if lang == locale.RU {
		h, m = "ч", "м"
	}
	var b strings.Builder
	if minutes >= 60 {
		b.WriteString(strconv.Itoa(minutes/60) + h)
	}
	if minutes%60 != 0 {
		b.WriteString(strconv.Itoa(minutes%60) + m)
	}
	return b.String()
}

// HoursValues is a complete time entry as typed or submitted.
type HoursValues struct {
	ClientID   int64
	Minutes    int
	Department string
	Day        time.Time
	Note       string
	Outside    bool // outside the contract
}

// ReadHours reads a submitted hours modal. Problems come back as messages
// keyed by block_id, for a response_action "errors" ack.
func ReadHours(p *locale.Printer, state map[string]map[string]slack.BlockAction, today time.Time) (HoursValues, map[string]string) {
	errs := map[string]string{}
	v := HoursValues{ClientID: readClient(state)}
	if v.ClientID == 0 {
		errs[BlockClient] = p.T("hours.error.client")
	}
	typed := strings.TrimSpace(state[BlockDuration][ActionDuration].Value)
	m, err := ledger.ParseDuration(typed)
	if err != nil {
		errs[BlockDuration] = noMarkup(DurationError(p, typed, err))
	}
	v.Minutes = m
	v.Department = state[BlockDepartment][ActionDepartment].SelectedOption.Value
	if v.Department == "" {
		errs[BlockDepartment] = p.T("hours.error.department")
	}
	var future bool
	if v.Day, future = readDay(state[BlockDay][ActionDay].SelectedDate, today); future {
		errs[BlockDay] = p.T("hours.error.future", map[string]any{"Today": p.Date(today)})
	}
	v.Note = strings.TrimSpace(state[BlockNote][ActionNote].Value)
	for _, o := range state[BlockOutside][ActionOutside].SelectedOptions {
		v.Outside = v.Outside || o.Value == OptionOutside
	}
	if n := utf8.RuneCountInString(v.Note); n > ledger.MaxHoursNoteRunes {
		errs[BlockNote] = p.T("hours.error.note_long", map[string]any{"Count": p.Number(int64(n))})
	}
	if len(errs) > 0 {
		return HoursValues{}, errs
	}
	return v, nil
}

// DurationError says, in mrkdwn, why a duration was refused and what to
// type instead.
func DurationError(p *locale.Printer, input string, err error) string {
	data := map[string]any{"Input": locale.Clip(input, 40)}
	switch {
	case input == "" || errors.Is(err, ledger.ErrDurationEmpty):
		return p.T("hours.error.duration_empty")
	case errors.Is(err, ledger.ErrDurationNoUnit):
		return p.T("hours.error.duration_no_unit", data)
	case errors.Is(err, ledger.ErrDurationRange):
		return p.T("hours.error.duration_range", data)
	}
	return p.T("hours.error.duration", data)
}

// HoursNotice says what a typed /hours left unclear; "" when nothing.
// noDepartment adds that no department was named and none is the default.
func HoursNotice(p *locale.Printer, problems []ledger.Problem, noDepartment bool) string {
	var parts []string
	for _, pr := range problems {
		switch pr.Field {
		case ledger.FieldClient:
			parts = append(parts, clientNotice(p, "hours.notice.", pr))
		case ledger.FieldDuration:
			if pr.Issue == ledger.IssueMissing {
				parts = append(parts, p.T("hours.notice.duration_missing"))
			} else {
				parts = append(parts, DurationError(p, pr.Input, pr.Err))
			}
		}
	}
	if noDepartment {
		parts = append(parts, p.T("hours.notice.department_missing"))
	}
	if len(parts) == 0 {
		return ""
	}
	return p.T("hours.notice.intro") + " " + strings.Join(parts, " ")
}
