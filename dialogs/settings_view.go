package dialogs

import (
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/bot/blockkit"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/settings"
	"github.com/tact-bot/tact/strain"
)

// The workspace settings modal (/tact settings, managers) and the same
// settings as lines of text, for staff and for the confirmation.

// Settings ids: each field's block and action share the field's name.
const (
	CallbackSettings      = "tact.modal.settings"
	CallbackSettingsSaved = "tact.modal.settings_saved"
	SettingsChannel       = "settings.channel"
	SettingsManagers      = "settings.managers"
	SettingsGroups        = "settings.groups"
	SettingsCurrency      = "settings.currency"
	SettingsTimeZone      = "settings.time_zone"
	SettingsLanguage      = "settings.language"
	SettingsDigestDay     = "settings.digest_day"
	SettingsDigestTime    = "settings.digest_time"
	SettingsPulse         = "settings.pulse"
	SettingsPulseDay      = "settings.pulse_day"
	SettingsPollHours     = "settings.poll_hours"
	SettingsMinAnswers    = "settings.min_answers"
	SettingsCAC           = "settings.cac"
	SettingsFloor         = "settings.floor"
)

// settingsBlock is the block of the field settings.Check refuses: each
// block is named after its field.
func settingsBlock(f settings.Field) string { return "settings." + string(f) }

// UserGroup is a Slack user group offered as managers.
type UserGroup struct{ ID, Handle string }

// SettingsForm is what the modal shows: the settings in force and the
// workspace's user groups.
type SettingsForm struct {
	Now    settings.Workspace
	Groups []UserGroup
}

// SettingsView is the modal, filled with the settings in force.
func SettingsView(p *locale.Printer, f SettingsForm) slack.ModalViewRequest {
	w := f.Now
	blocks := []slack.Block{blockkit.Context(p.T("settings.intro"))}
	blocks = append(blocks, settingsChannelBlock(p, w), settingsManagersBlock(p, w))
	if g := settingsGroupsBlock(p, w, f.Groups); g != nil {
		blocks = append(blocks, g)
	}
	blocks = append(blocks, settingsScheduleBlocks(p, w)...)
	blocks = append(blocks,
		settingsText(p, SettingsCurrency, w.Currency, 3),
		settingsText(p, SettingsTimeZone, w.Location.String(), 64),
		settingsLanguageBlock(p, w),
		settingsNumber(p, SettingsPollHours, w.PollHours, 1, settings.MaxPollHours),
		settingsNumber(p, SettingsMinAnswers, w.MinAnswers, strain.MinAnswers, settings.MaxMinAnswers),
		settingsText(p, SettingsCAC, amountText(w.CACMinor, w.Currency), 40),
		settingsText(p, SettingsFloor, amountText(w.FloorMinor, w.Currency), 40),
	)
	return slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: CallbackSettings,
		Title: plain(p.T("settings.title")), Submit: plain(p.T("settings.submit")), Close: plain(p.T("import.close")),
		Blocks: slack.Blocks{BlockSet: blocks},
	}
}

func settingsChannelBlock(p *locale.Printer, w settings.Workspace) slack.Block {
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeConversations, plain(p.T("settings.channel_placeholder")), SettingsChannel)
	sel.InitialConversation = w.DigestChannel
	sel.Filter = &slack.SelectBlockElementFilter{Include: []string{"public", "private"}, ExcludeBotUsers: true}
	return input(SettingsChannel, p.T(SettingsChannel), p.T(SettingsChannel+"_hint"), sel)
}

func settingsManagersBlock(p *locale.Printer, w settings.Workspace) slack.Block {
	sel := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeUser, plain(p.T("settings.managers_placeholder")), SettingsManagers)
	for _, id := range w.Managers {
		if !strings.HasPrefix(id, "S") {
			sel.InitialUsers = append(sel.InitialUsers, id)
		}
	}
	return input(SettingsManagers, p.T(SettingsManagers), p.T(SettingsManagers+"_hint"), sel)
}

// settingsGroupsBlock offers the workspace's user groups (Block Kit has no
// user-group select); nil when there are none.
func settingsGroupsBlock(p *locale.Printer, w settings.Workspace, groups []UserGroup) slack.Block {
	if len(groups) == 0 {
		return nil
	}
	opts := make([]*slack.OptionBlockObject, 0, min(len(groups), 100))
	sel := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeStatic, plain(p.T("settings.groups_placeholder")), SettingsGroups)
	for _, g := range groups[:min(len(groups), 100)] {
		o := slack.NewOptionBlockObject(g.ID, plain(locale.Clip("@"+g.Handle, 75)), nil)
		opts = append(opts, o)
		for _, id := range w.Managers {
			if id == g.ID {
				sel.InitialOptions = append(sel.InitialOptions, o)
			}
		}
	}
	sel.Options = opts
	return input(SettingsGroups, p.T(SettingsGroups), "", sel)
}

// settingsScheduleBlocks are the digest's day and time and the pulse's
// switch and day.
func settingsScheduleBlocks(p *locale.Printer, w settings.Workspace) []slack.Block {
	var blocks []slack.Block
	weekly, isWeekly := settings.WeeklyOf(w.DigestSpec)
	if !isWeekly {
		blocks = append(blocks, blockkit.Context(p.T("settings.digest_custom", map[string]any{"Spec": w.DigestSpec})))
	}
	day := weekdaySelect(p, SettingsDigestDay, weekly.Day)
	picker := slack.NewTimePickerBlockElement(SettingsDigestTime)
	if isWeekly {
		picker.InitialTime = weekly.Clock()
	}
	on := slack.NewOptionBlockObject(string(settings.On), plain(p.T("settings.pulse_on")), nil)
	off := slack.NewOptionBlockObject(string(settings.Off), plain(p.T("settings.pulse_off")), nil)
	pulse := slack.NewRadioButtonsBlockElement(SettingsPulse, on, off)
	pulse.InitialOption = on
	if w.PulseSpec == "" {
		pulse.InitialOption = off
	}
	return append(blocks,
		input(SettingsDigestDay, p.T(SettingsDigestDay), "", day),
		input(SettingsDigestTime, p.T(SettingsDigestTime), p.T(SettingsDigestTime+"_hint"), picker),
		input(SettingsPulse, p.T(SettingsPulse), p.T(SettingsPulse+"_hint"), pulse),
		input(SettingsPulseDay, p.T(SettingsPulseDay), "", weekdaySelect(p, SettingsPulseDay, settings.PulseDay(w.PulseSpec))),
	)
}

// weekdaySelect picks an ISO weekday, day selected (0: none).
func weekdaySelect(p *locale.Printer, actionID string, day int) *slack.SelectBlockElement {
	opts := make([]*slack.OptionBlockObject, 7)
	for i := range opts {
		opts[i] = slack.NewOptionBlockObject(strconv.Itoa(i+1), plain(weekdayName(p, i+1)), nil)
	}
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain(p.T("settings.day_placeholder")), actionID, opts...)
	if day >= 1 && day <= 7 {
		sel.InitialOption = opts[day-1]
	}
	return sel
}

// weekdayName names an ISO weekday, capitalised for a select.
func weekdayName(p *locale.Printer, day int) string {
	return capitalized(p.WeekdayLong(time.Weekday(day % 7)))
}

func settingsLanguageBlock(p *locale.Printer, w settings.Workspace) slack.Block {
	var opts []*slack.OptionBlockObject
	var initial *slack.OptionBlockObject
	for _, lang := range []string{locale.EN, locale.RU} {
		o := slack.NewOptionBlockObject(lang, plain(p.T("settings.lang."+lang)), nil)
		opts = append(opts, o)
		if lang == w.Language {
			initial = o
		}
	}
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, nil, SettingsLanguage, opts...)
	sel.InitialOption = initial
	return input(SettingsLanguage, p.T(SettingsLanguage), p.T(SettingsLanguage+"_hint"), sel)
}

// settingsText is a one-line input labelled by the catalogue's id, id_hint
// and id_placeholder.
func settingsText(p *locale.Printer, id, value string, maxLen int) *slack.InputBlock {
	el := slack.NewPlainTextInputBlockElement(plain(p.T(id+"_placeholder")), id).WithMaxLength(maxLen)
	if value != "" {
		el = el.WithInitialValue(value)
	}
	return input(id, p.T(id), p.T(id+"_hint"), el)
}

func settingsNumber(p *locale.Printer, id string, value, lo, hi int) *slack.InputBlock {
	in := slack.NewNumberInputBlockElement(nil, id, false)
	in.InitialValue = strconv.Itoa(value)
	in.MinValue, in.MaxValue = strconv.Itoa(lo), strconv.Itoa(hi)
	return input(id, p.T(id), p.T(id+"_hint"), in)
}

// amountText is an amount as a person would type it back, "" for none.
func amountText(minor int64, currency string) string {
	if minor <= 0 {
		return ""
	}
	return ledger.FormatAmount(minor, locale.MinorDigits(currency))
}

// SettingsLines tells the settings in force, one line each, for staff and
// for the confirmation after saving.
func SettingsLines(p *locale.Printer, w settings.Workspace) []string {
	lines := []string{settingsDigestLine(p, w), settingsManagersLine(p, w.Managers)}
	lines = append(lines,
		p.T("settings.show.place", map[string]any{"Currency": w.Currency, "Zone": w.Location.String(), "Language": p.T("settings.lang." + w.Language)}),
		settingsPulseLine(p, w),
		p.N("settings.show.polls", w.MinAnswers, map[string]any{"Hours": p.Hours(w.PollHours * 60), "Min": w.MinAnswers}),
		p.T("settings.show.verdicts", map[string]any{"CAC": moneyOrUnset(p, w.CACMinor, w.Currency), "Floor": moneyOrUnset(p, w.FloorMinor, w.Currency)}),
	)
	return lines
}

func settingsDigestLine(p *locale.Printer, w settings.Workspace) string {
	if w.DigestChannel == "" {
		return p.T("settings.show.digest_off")
	}
	return p.T("settings.show.digest", map[string]any{"Channel": "<#" + w.DigestChannel + ">", "When": weeklyText(p, w.DigestSpec)})
}

// weeklyText is "Monday, 09:00", or the server's spec when it is not
// weekly.
func weeklyText(p *locale.Printer, spec string) string {
	if wk, ok := settings.WeeklyOf(spec); ok {
		return p.T("settings.show.weekly", map[string]any{"Day": p.WeekdayLong(time.Weekday(wk.Day % 7)), "Time": wk.Clock()})
	}
	return p.T("settings.show.custom", map[string]any{"Spec": spec})
}

func settingsManagersLine(p *locale.Printer, ids []string) string {
	if len(ids) == 0 {
		return p.T("settings.show.managers_none")
	}
	return p.T("settings.show.managers", map[string]any{"Who": p.List(bot.Mentions(ids))})
}

func settingsPulseLine(p *locale.Printer, w settings.Workspace) string {
	switch day := settings.PulseDay(w.PulseSpec); {
	case w.PulseSpec == "":
		return p.T("settings.show.pulse_off")
	case day != 0:
		return p.T("settings.show.pulse", map[string]any{"Day": p.WeekdayLong(time.Weekday(day % 7))})
	}
	return p.T("settings.show.pulse_custom", map[string]any{"Spec": w.PulseSpec})
}

func moneyOrUnset(p *locale.Printer, minor int64, currency string) string {
	if minor <= 0 {
		return p.T("settings.show.unset")
	}
	return p.Money(minor, currency)
}

// SettingsMessage is the read-only settings, for anyone.
func SettingsMessage(p *locale.Printer, w settings.Workspace, footer string) bot.Message {
	title := p.T("settings.title")
	blocks := []slack.Block{slack.NewHeaderBlock(plain(title))}
	blocks = append(blocks, blockkit.Sections(SettingsLines(p, w), blockkit.MaxSectionText)...)
	blocks = append(blocks, blockkit.Context(footer))
	return bot.Message{Text: title, Blocks: blocks}
}
