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

// IncidentForm is everything the incident modal shows.
type IncidentForm struct {
	Edit        bool
	Clients     []ledger.Client // the clients one may pick
	ClientID    int64           // preselected, 0 for none
	Category    ledger.Category // "" for none
	Severity    ledger.Severity // "" means the default
	Day         time.Time       // when it happened
	Description string
	Links       []string
	Payment     ledger.Payment // a late payment's details, when known
	Exp         int            // the currency's minor digits, to show the amount
	Notice      string         // mrkdwn: what a typed command left unclear
	Meta        Metadata
}

// IncidentView builds the incident modal.
func IncidentView(p *locale.Printer, f IncidentForm) slack.ModalViewRequest {
	title, submit, callback := "incident.modal.title", "incident.modal.submit", CallbackIncident
	if f.Edit {
		title, submit, callback = "incident.modal.title_edit", "incident.modal.submit_edit", CallbackIncidentEdit
	}
	return entryModal(p, callback, title, submit, "incident.modal.close", f.Notice, f.Meta,
		clientInput(f.Clients, f.ClientID, p.T("incident.modal.client"), p.T("incident.modal.client_placeholder"), p.T("incident.modal.client_search")),
		categoryInput(p, f.Category),
		severityInput(p, f.Severity),
		dayInput(p.T("incident.modal.day"), f.Day),
		whatInput(p, f.Description),
		evidenceInput(p, f.Links),
		amountInput(p, f.Payment.AmountMinor, f.Exp),
		daysLateInput(p, f.Payment.DaysLate),
	)
}

// amountInput and daysLateInput are a late payment's details: optional,
// and read only for that category, so payment discipline shows as money
// and days, not just a count.
func amountInput(p *locale.Printer, minor int64, exp int) *slack.InputBlock {
	in := slack.NewPlainTextInputBlockElement(plain(p.T("incident.modal.amount_placeholder")), ActionAmount).WithMaxLength(40)
	if minor > 0 {
		in = in.WithInitialValue(ledger.FormatAmount(minor, exp))
	}
	return slack.NewInputBlock(BlockAmount, plain(p.T("incident.modal.amount")), plain(p.T("incident.modal.amount_hint")), in).WithOptional(true)
}

func daysLateInput(p *locale.Printer, days int) *slack.InputBlock {
	in := slack.NewPlainTextInputBlockElement(plain(p.T("incident.modal.days_placeholder")), ActionDaysLate).WithMaxLength(10)
	if days > 0 {
		in = in.WithInitialValue(strconv.Itoa(days))
	}
	return slack.NewInputBlock(BlockDaysLate, plain(p.T("incident.modal.days")), nil, in).WithOptional(true)
}

// categoryKey names a category in the catalogue; "other" is a word go-i18n
// reserves, so that category's key differs from its slug.
func categoryKey(c ledger.Category) string {
	if c == ledger.Other {
		return "unlisted"
	}
	return strings.ReplaceAll(string(c), "-", "_")
}

// CategoryLabel is the category's name in the printer's language.
func CategoryLabel(p *locale.Printer, c ledger.Category) string {
	return p.T("incident.category_label." + categoryKey(c))
}

// SeverityLabel is the severity's name in the printer's language.
func SeverityLabel(p *locale.Printer, s ledger.Severity) string {
	return p.T("incident.severity." + string(s))
}

func categoryInput(p *locale.Printer, selected ledger.Category) *slack.InputBlock {
	var opts []*slack.OptionBlockObject
	var initial *slack.OptionBlockObject
	for _, c := range ledger.Categories() {
		o := slack.NewOptionBlockObject(string(c), plain(locale.Clip(CategoryLabel(p, c), blockkit.MaxOptionText)),
			plain(locale.Clip(p.T("incident.category_hint."+categoryKey(c)), blockkit.MaxOptionText)))
		opts = append(opts, o)
		if c == selected {
			initial = o
		}
	}
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain(p.T("incident.modal.category_placeholder")), ActionCategory, opts...)
	sel.InitialOption = initial
	return slack.NewInputBlock(BlockCategory, plain(p.T("incident.modal.category")), nil, sel)
}

func severityInput(p *locale.Printer, selected ledger.Severity) *slack.InputBlock {
	if !selected.Valid() {
		selected = ledger.DefaultSeverity
	}
	var opts []*slack.OptionBlockObject
	var initial *slack.OptionBlockObject
	for _, s := range ledger.Severities() {
		o := slack.NewOptionBlockObject(string(s), plain(SeverityLabel(p, s)), nil)
		opts = append(opts, o)
		if s == selected {
			initial = o
		}
	}
	radio := slack.NewRadioButtonsBlockElement(ActionSeverity, opts...)
	radio.InitialOption = initial
	return slack.NewInputBlock(BlockSeverity, plain(p.T("incident.modal.severity")), nil, radio)
}

func whatInput(p *locale.Printer, text string) *slack.InputBlock {
	in := slack.NewPlainTextInputBlockElement(plain(p.T("incident.modal.what_placeholder")), ActionWhat).
		WithMultiline(true).WithMaxLength(ledger.MaxIncidentDescriptionRunes).WithInitialValue(clip(text, ledger.MaxIncidentDescriptionRunes))
	return slack.NewInputBlock(BlockWhat, plain(p.T("incident.modal.what")), plain(p.T("incident.modal.what_hint")), in)
}

func evidenceInput(p *locale.Printer, links []string) *slack.InputBlock {
	in := slack.NewPlainTextInputBlockElement(plain(p.T("incident.modal.evidence_placeholder")), ActionEvidence).
		WithMultiline(true).WithMaxLength(blockkit.MaxInput).WithInitialValue(linesWithin(links, blockkit.MaxInput))
	return slack.NewInputBlock(BlockEvidence, plain(p.T("incident.modal.evidence")), plain(p.T("incident.modal.evidence_hint")), in).
		WithOptional(true)
}

// linesWithin joins links one per line, leaving out those that would not
// fit in n characters rather than cutting one in half.
func linesWithin(links []string, n int) string {
	var b strings.Builder
	used := 0
	for _, l := range links {
		size := utf8.RuneCountInString(l) + 1
		if used+size > n+1 {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString(l)
		used += size
	}
	return b.String()
}

// IncidentValues is a complete incident as typed or submitted.
type IncidentValues struct {
	ClientID    int64
	Category    ledger.Category
	Severity    ledger.Severity
	Day         time.Time // when it happened
	Description string
	Links       []string // evidence, the URLs in the description included
	Payment     ledger.Payment
}

// ReadIncident reads a submitted incident modal. Problems come back as
// messages keyed by block_id, for a response_action "errors" ack.
// exp is the currency's minor digits, for a late payment's amount.
func ReadIncident(p *locale.Printer, state map[string]map[string]slack.BlockAction, today time.Time, exp int) (IncidentValues, map[string]string) {
	errs := map[string]string{}
	v := IncidentValues{ClientID: readClient(state)}
	if v.ClientID == 0 {
		errs[BlockClient] = p.T("incident.error.client")
	}
	v.Category = ledger.Category(state[BlockCategory][ActionCategory].SelectedOption.Value)
	if !v.Category.Valid() {
		errs[BlockCategory] = p.T("incident.error.category")
	}
	v.Severity = ledger.Severity(state[BlockSeverity][ActionSeverity].SelectedOption.Value)
	if !v.Severity.Valid() {
		v.Severity = ledger.DefaultSeverity
	}
	var future bool
	if v.Day, future = readDay(state[BlockDay][ActionDay].SelectedDate, today); future {
		errs[BlockDay] = p.T("incident.error.future", map[string]any{"Today": p.Date(today)})
	}
	v.Description = strings.TrimSpace(state[BlockWhat][ActionWhat].Value)
	switch n := utf8.RuneCountInString(v.Description); {
	case n == 0:
		errs[BlockWhat] = p.T("incident.error.what_empty")
	case n > ledger.MaxIncidentDescriptionRunes:
		errs[BlockWhat] = p.T("incident.error.what_long", map[string]any{"Count": p.Number(int64(n))})
	}
	links, bad := ledger.CheckEvidence(state[BlockEvidence][ActionEvidence].Value)
	if len(bad) > 0 {
		errs[BlockEvidence] = linkError(p, bad[0])
	}
	v.Links = MergeLinks(links, ledger.ExtractURLs(v.Description))
	if v.Category == ledger.LatePayment {
		v.Payment = readPayment(p, state, exp, errs)
	}
	if len(errs) > 0 {
		return IncidentValues{}, errs
	}
	return v, nil
}

// readPayment reads a late payment's optional amount and days overdue.
func readPayment(p *locale.Printer, state map[string]map[string]slack.BlockAction, exp int, errs map[string]string) ledger.Payment {
	var pay ledger.Payment
	if typed := strings.TrimSpace(state[BlockAmount][ActionAmount].Value); typed != "" {
		amount, err := ledger.ParseAmount(typed, exp)
		if err != nil || amount <= 0 {
			errs[BlockAmount] = p.T("incident.error.amount", map[string]any{"Input": locale.Clip(typed, 40)})
		}
		pay.AmountMinor = amount
	}
	if typed := strings.TrimSpace(state[BlockDaysLate][ActionDaysLate].Value); typed != "" {
		days, err := strconv.Atoi(strings.TrimRight(strings.ToLower(typed), "dд. "))
		if err != nil || days < ledger.MinDaysLate || days > ledger.MaxDaysLate {
			errs[BlockDaysLate] = p.T("incident.error.days", map[string]any{"Input": locale.Clip(typed, 10), "Max": ledger.MaxDaysLate})
		}
		pay.DaysLate = days
	}
	return pay
}

func linkError(p *locale.Printer, e ledger.LinkError) string {
	if errors.Is(e.Err, ledger.ErrLinkTooLong) {
		return p.T("incident.error.link_long", map[string]any{"Line": e.Line})
	}
	return p.T("incident.error.link", map[string]any{"Line": e.Line, "Text": locale.Clip(e.Text, 60)})
}

// MergeLinks joins link lists in order, without repeats.
func MergeLinks(lists ...[]string) []string {
	seen := map[string]bool{}
	var out []string
	for _, list := range lists {
		for _, l := range list {
			if !seen[l] {
				seen[l] = true
				out = append(out, l)
			}
		}
	}
	return out
}

// IncidentNotice says, in one short paragraph, what a typed /incident left
// unclear; "" when nothing.
func IncidentNotice(p *locale.Printer, problems []ledger.Problem) string {
	var parts []string
	for _, pr := range problems {
		switch pr.Field {
		case ledger.FieldClient:
			parts = append(parts, clientNotice(p, "incident.notice.", pr))
		case ledger.FieldCategory:
			if pr.Issue == ledger.IssueMissing {
				parts = append(parts, p.T("incident.notice.category_missing"))
			} else {
				parts = append(parts, p.T("incident.notice.category_unknown", map[string]any{"Word": locale.Clip(pr.Input, 40)}))
			}
		case ledger.FieldDescription:
			parts = append(parts, p.T("incident.notice.what_missing"))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return p.T("incident.notice.intro") + " " + strings.Join(parts, " ")
}

// clientNotice explains an unresolved client; prefix is the topic's
// notice table ("incident.notice.", "hours.notice.").
func clientNotice(p *locale.Printer, prefix string, pr ledger.Problem) string {
	query := map[string]any{"Query": locale.Clip(pr.Input, ledger.MaxClientNameRunes)}
	switch pr.Issue {
	case ledger.IssueAmbiguous:
		return p.T(prefix+"client_ambiguous", query)
	case ledger.IssueUnknown:
		return p.T(prefix+"client_unknown", query)
	}
	return p.T(prefix + "client_missing")
}
