package dialogs

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/settings"
	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/strain"
)

// /tact settings: managers change the workspace's settings in a modal;
// anyone else reads them. The submission is checked again on the server
// (who sends it, and every value) before anything is saved.

func (d *Dialogs) registerSettings(r *bot.Router) {
	r.ViewSubmission(CallbackSettings, d.scoped((*Dialogs).submitSettings))
}

// Workspace is the settings in force for the request's workspace.
func (d *Dialogs) Workspace(ctx context.Context, teamID string) (settings.Workspace, error) {
	if d.Settings == nil {
		return settings.Workspace{Currency: d.Currency, Location: d.Location, PollHours: d.PollHours, MinAnswers: d.MinAnswers, Language: locale.EN}, nil
	}
	return d.Settings.For(ctx, teamID)
}

// OpenSettings opens the settings modal for a manager.
func (d *Dialogs) OpenSettings(ctx context.Context, r *bot.Request) error {
	ws, err := d.Workspace(ctx, r.TeamID)
	if err != nil {
		return err
	}
	_, err = d.openView(ctx, r, SettingsView(d.Catalog.For(r.Lang), SettingsForm{Now: ws, Groups: d.userGroups(ctx, r)}), "settings.open_failed")
	return err
}

// userGroups lists the workspace's user groups; none when Slack won't say
// within a second (the modal then offers people only): the trigger that
// opens the modal lasts 3 s.
func (d *Dialogs) userGroups(ctx context.Context, r *bot.Request) []UserGroup {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	groups, err := r.API.GetUserGroupsContext(ctx)
	if err != nil {
		d.Log.Info("usergroups.list failed; the settings offer people only", "err", err)
		return nil
	}
	out := make([]UserGroup, 0, len(groups))
	for _, g := range groups {
		if g.DateDelete == 0 {
			out = append(out, UserGroup{ID: g.ID, Handle: g.Handle})
		}
	}
	return out
}

// submitSettings saves the modal's values, or shows beside each field
// why it is refused.
func (d *Dialogs) submitSettings(ctx context.Context, r *bot.Request) error {
	p := d.Catalog.For(r.Lang)
	if ok, err := d.managerOnlyInModal(ctx, r, p); !ok {
		return err
	}
	before, err := d.Workspace(ctx, r.TeamID)
	if err != nil {
		return err
	}
	chosen, problems := readSettings(r.ViewState(), before.Currency)
	for _, pr := range settings.Check(chosen) {
		if _, seen := problems[settingsBlock(pr.Field)]; !seen {
			problems[settingsBlock(pr.Field)] = pr.ID
		}
	}
	if len(chosen.Managers) == 0 {
		problems[SettingsManagers] = "settings.bad.no_managers"
	}
	if len(problems) > 0 {
		errs := make(map[string]string, len(problems))
		for block, id := range problems {
			errs[block] = p.T(id, map[string]any{"MaxHours": settings.MaxPollHours, "Min": strain.MinAnswers, "Max": settings.MaxMinAnswers})
		}
		r.Ack(bot.ViewErrors(errs))
		return nil
	}
	_, err = d.DB.SaveSettings(ctx, deliveryOf(r), chosen)
	if errors.Is(err, storage.ErrAlreadyClaimed) {
		r.Ack(nil)
		return nil
	}
	if err != nil {
		return err
	}
	after, err := d.Workspace(ctx, r.TeamID)
	if err != nil {
		return err
	}
	text := p.T("settings.saved") + "\n" + strings.Join(SettingsLines(p, after), "\n")
	r.Ack(bot.ViewUpdate(statusView(p, CallbackSettingsSaved, p.T("settings.title"), text)))
	return nil
}

// readSettings reads the modal's values; problems maps a block to the
// catalogue id of what is wrong with what was typed there.
func readSettings(state map[string]map[string]slack.BlockAction, currency string) (settings.Stored, map[string]string) {
	get := func(id string) slack.BlockAction { return state[id][id] }
	problems := map[string]string{}
	s := settings.Stored{
		DigestChannel: get(SettingsChannel).SelectedConversation,
		Currency:      strings.ToUpper(strings.TrimSpace(get(SettingsCurrency).Value)),
		TimeZone:      strings.TrimSpace(get(SettingsTimeZone).Value),
		Language:      get(SettingsLanguage).SelectedOption.Value,
		DigestTime:    get(SettingsDigestTime).SelectedTime,
		Pulse:         settings.Toggle(get(SettingsPulse).SelectedOption.Value),
	}
	s.Managers = append(s.Managers, get(SettingsManagers).SelectedUsers...)
	for _, o := range get(SettingsGroups).SelectedOptions {
		s.Managers = append(s.Managers, o.Value)
	}
	s.Managers = slices.Compact(s.Managers)
	s.DigestDay, _ = strconv.Atoi(get(SettingsDigestDay).SelectedOption.Value)
	s.PulseDay, _ = strconv.Atoi(get(SettingsPulseDay).SelectedOption.Value)
	var ok bool
	if s.PollHours, ok = countInput(get(SettingsPollHours).Value); !ok {
		problems[SettingsPollHours] = "settings.bad.poll_hours"
	}
	if s.MinAnswers, ok = countInput(get(SettingsMinAnswers).Value); !ok {
		problems[SettingsMinAnswers] = "settings.bad.min_answers"
	}
	// Amounts are read in the currency chosen now, as they are shown.
	if s.Currency != "" {
		currency = s.Currency
	}
	digits := locale.MinorDigits(currency)
	if s.CACMinor, ok = amountOrNone(get(SettingsCAC).Value, digits); !ok {
		problems[SettingsCAC] = "settings.bad.amount"
	}
	if s.FloorMinor, ok = amountOrNone(get(SettingsFloor).Value, digits); !ok {
		problems[SettingsFloor] = "settings.bad.amount"
	}
	return s, problems
}

// countInput reads a number input; "" is unset (0).
func countInput(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n > 0
}

// amountOrNone reads an amount; "" is none (0).
func amountOrNone(s string, digits int) (int64, bool) {
	if strings.TrimSpace(s) == "" {
		return 0, true
	}
	minor, err := ledger.ParseAmount(s, digits)
	return minor, err == nil && minor > 0
}

// ShowSettings answers with the settings in force, read-only, and who may
// change them (for a manager: how).
func (d *Dialogs) ShowSettings(ctx context.Context, r *bot.Request, manager bool) error {
	p := d.Catalog.For(r.Lang)
	ws, err := d.Workspace(ctx, r.TeamID)
	if err != nil {
		return fmt.Errorf("reading the settings: %w", err)
	}
	footer := p.T("settings.show.footer_staff", map[string]any{"Managers": p.List(bot.Mentions(ws.Managers))})
	switch {
	case manager:
		footer = p.T("settings.show.footer_manager")
	case len(ws.Managers) == 0:
		footer = p.T("settings.show.footer_nobody")
	}
	return r.Reply(ctx, SettingsMessage(p, ws, footer))
}
