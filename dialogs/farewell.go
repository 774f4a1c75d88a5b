package dialogs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/farewell"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
)

// The farewell wizard's handlers. Every one of them checks that the user
// is a manager, server-side: the button that opens it sits in channel
// messages everyone sees, and a payload can be replayed by anyone.

// maxAckView is the size up to which a step travels in the submission's
// ack; slack-go refuses ack payloads of 20 KB or more, so bigger steps
// (the drafts) go by views.update after a light ack.
const maxAckView = 15 * 1024

func (d *Dialogs) registerFarewell(r *bot.Router) {
	r.Action(ActionOpenFarewell, d.scoped((*Dialogs).farewellButton))
	r.Action(ActionFarewellBack, d.scoped((*Dialogs).farewellBack))
	r.ViewSubmission(CallbackFarewell, d.scoped((*Dialogs).submitFarewell))
	r.ViewClosed(CallbackFarewell, d.scoped((*Dialogs).closeFarewell))
}

// farewellAllowed reports whether the user may run the wizard.
func farewellAllowed(ctx context.Context, r *bot.Request) (bool, error) {
	ok, err := r.IsManager(ctx)
	if err != nil {
		return false, fmt.Errorf("checking manager: %w", err)
	}
	return ok, nil
}

// refusal tells a non-manager who can run the wizard.
func refusal(ctx context.Context, p *locale.Printer, r *bot.Request) string {
	if m := r.Managers(ctx); m != "" {
		return p.T("error.not_manager", map[string]any{"Managers": m})
	}
	return p.T("error.not_manager_none")
}

// OpenFarewell opens the wizard on a client: a light view at once, within
// the trigger's 3 s, then the evidence once it is loaded. Managers only.
func (d *Dialogs) OpenFarewell(ctx context.Context, r *bot.Request, clientID int64, name string) error {
	p := d.Catalog.For(r.Lang)
	if ok, err := farewellAllowed(ctx, r); err != nil || !ok {
		if err != nil {
			return err
		}
		return d.say(ctx, r, refusal(ctx, p, r))
	}
	meta := farewellMeta{Step: stepLoading, Client: clientID, Name: name}
	opened, err := d.openView(ctx, r, farewellNotice(p, meta, p.T("farewell.ui.loading", map[string]any{"Client": bot.Escape(name)})), "farewell.ui.open_failed")
	if opened == nil || err != nil {
		return err
	}
	view := farewellNotice(p, meta, p.T("farewell.ui.load_failed", map[string]any{"Client": bot.Escape(name)}))
	if st, err := d.startFarewell(ctx, r, opened.ID, clientID); err != nil {
		// The modal is open: say it there rather than leave it loading.
		d.Log.Error("loading the farewell evidence", "client", clientID, "err", err)
	} else {
		view = farewellView(p, meta.at(stepEvidence), st, farewell.Drafts{})
	}
	if err := d.updateView(ctx, r, opened.ID, view); err != nil {
		// Most likely closed while loading: nothing to tell.
		d.Log.Warn("the farewell wizard could not show its first step", "err", err)
	}
	return nil
}

// startFarewell loads the evidence and stores the wizard's first state.
func (d *Dialogs) startFarewell(ctx context.Context, r *bot.Request, viewID string, clientID int64) (farewellState, error) {
	today := d.Today()
	facts, err := d.DB.FarewellFacts(ctx, r.TeamID, clientID, ledger.LastWeeks(today, farewell.EvidenceWeeks), d.Now())
	if err != nil {
		return farewellState{}, err
	}
	facts.Today, facts.Currency = today, d.Currency
	report, err := d.ReportSoFar(ctx, r.TeamID)
	if err != nil {
		return farewellState{}, err
	}
	if fig, ok := report.Client(clientID); ok {
		facts.Figures = &fig
	}
	ev := farewell.Assess(facts)
	st := farewellState{
		Evidence: ev,
		Revenue:  lastRevenue(facts.Revenue, evidenceRevenue),
		Decision: farewell.Decision{Client: facts.Client.Name, Lang: r.Lang, Decider: r.UserID, Signs: farewell.PreAnswer(ev)},
	}
	return st, d.saveFarewell(ctx, r, viewID, clientID, st)
}

func (d *Dialogs) saveFarewell(ctx context.Context, r *bot.Request, viewID string, clientID int64, st farewellState) error {
	raw, err := st.encode()
	if err != nil {
		return err
	}
	return d.DB.SaveFarewellWizard(ctx, storage.FarewellWizard{TeamID: r.TeamID, ViewID: viewID, UserID: r.UserID, ClientID: clientID, State: raw})
}

func (d *Dialogs) updateView(ctx context.Context, r *bot.Request, viewID string, view slack.ModalViewRequest) error {
	if _, err := r.API.UpdateViewContext(ctx, view, "", "", viewID); err != nil {
		return fmt.Errorf("views.update %s: %w", view.CallbackID, err)
	}
	return nil
}

// farewellButton opens the wizard from a button whose value is the
// client's id (client card, digest, Home).
func (d *Dialogs) farewellButton(ctx context.Context, r *bot.Request) error {
	c, ok, err := d.farewellClient(ctx, r)
	if !ok {
		return err
	}
	return d.OpenFarewell(ctx, r, c.ID, c.Name)
}

// farewellClient checks, server-side, that the presser of a farewell
// button may use it, then reads the client named by the button's value.
// When it cannot go on it has told the person why (refused, or the client
// is gone) and returns ok=false.
func (d *Dialogs) farewellClient(ctx context.Context, r *bot.Request) (storage.ClientDetail, bool, error) {
	p := d.Catalog.For(r.Lang)
	if ok, err := farewellAllowed(ctx, r); err != nil || !ok {
		if err != nil {
			return storage.ClientDetail{}, false, err
		}
		return storage.ClientDetail{}, false, d.say(ctx, r, refusal(ctx, p, r))
	}
	c, err := d.DB.ClientDetail(ctx, r.TeamID, buttonID(r))
	if errors.Is(err, storage.ErrNotFound) {
		return c, false, d.say(ctx, r, p.T("farewell.ui.client_gone"))
	}
	return c, err == nil, err
}

// wizard is an open wizard as a submission or action finds it.
type wizard struct {
	meta  farewellMeta
	state farewellState
}

// loadWizard reads the payload's wizard. When it cannot go on, it returns
// ok=false and the notice to show instead: refused, or expired.
func (d *Dialogs) loadWizard(ctx context.Context, r *bot.Request, p *locale.Printer) (w wizard, notice string, err error) {
	meta, err := parseFarewellMeta(r.Interaction.View.PrivateMetadata)
	if err != nil {
		return wizard{}, "", fmt.Errorf("farewell wizard: %w", err)
	}
	w.meta = meta
	expired := p.T("farewell.ui.expired", map[string]any{"Client": bot.Escape(meta.Name)})
	if ok, err := farewellAllowed(ctx, r); err != nil {
		return w, "", err
	} else if !ok {
		return w, refusal(ctx, p, r), nil
	}
	row, err := d.DB.FarewellWizard(ctx, r.TeamID, r.Interaction.View.ID)
	switch {
	case errors.Is(err, storage.ErrNotFound):
		return w, expired, nil
	case err != nil:
		return w, "", err
	case row.UserID != r.UserID || row.ClientID != meta.Client:
		return w, expired, nil
	}
	if w.state, err = decodeFarewellState(row.State); errors.Is(err, errStateVersion) {
		return w, expired, nil
	} else if err != nil {
		return w, "", err
	}
	return w, "", nil
}

// submitFarewell moves the wizard on a step, or saves it at the end.
func (d *Dialogs) submitFarewell(ctx context.Context, r *bot.Request) error {
	p := d.Catalog.For(r.Lang)
	w, notice, err := d.loadWizard(ctx, r, p)
	if err != nil {
		return err
	}
	if notice != "" {
		r.Ack(bot.ViewUpdate(farewellNotice(p, w.meta, notice)))
		return nil
	}
	v := viewValues(r.ViewState())
	dec := &w.state.Decision
	next := w.meta.Step + 1
	switch w.meta.Step {
	case stepEvidence:
		readEvidence(v, dec)
	case stepCheck:
		readCheck(v, dec)
	case stepPath:
		readPath(v, dec)
		prepareDetails(dec, w.state.Evidence, r.UserID)
	case stepDetails:
		readDetails(v, dec, locale.MinorDigits(d.Currency))
	case stepPreview:
		return d.finishFarewell(ctx, r, p, w)
	default: // a notice has no submit button; nothing to do
		r.Ack(nil)
		return nil
	}
	if errs := stepErrors(p, *dec, w.meta.Step, d.Today()); len(errs) > 0 {
		// Remember what was typed, so Back and a retry keep it.
		if err := d.saveFarewell(ctx, r, r.Interaction.View.ID, w.meta.Client, w.state); err != nil {
			return err
		}
		r.Ack(bot.ViewErrors(errs))
		return nil
	}
	var drafts farewell.Drafts
	if next == stepPreview {
		if drafts, err = farewell.Draft(d.Catalog, w.state.Evidence, *dec); err != nil {
			return err
		}
	}
	if err := d.saveFarewell(ctx, r, r.Interaction.View.ID, w.meta.Client, w.state); err != nil {
		return err
	}
	return d.showStep(ctx, r, p, farewellView(p, w.meta.at(next), w.state, drafts))
}

// showStep answers a submission with the next step: in the ack when it is
// small enough, else with a light view in the ack and the step by
// views.update.
func (d *Dialogs) showStep(ctx context.Context, r *bot.Request, p *locale.Printer, view slack.ModalViewRequest) error {
	payload := bot.ViewUpdate(view)
	if b, err := json.Marshal(payload); err == nil && len(b) < maxAckView {
		r.Ack(payload)
		return nil
	}
	meta, _ := parseFarewellMeta(view.PrivateMetadata)
	r.Ack(bot.ViewUpdate(farewellNotice(p, meta, p.T("farewell.ui.preparing"))))
	return d.updateView(ctx, r, r.Interaction.View.ID, view)
}

// farewellBack shows the step before, keeping what the current one holds.
func (d *Dialogs) farewellBack(ctx context.Context, r *bot.Request) error {
	p := d.Catalog.For(r.Lang)
	w, notice, err := d.loadWizard(ctx, r, p)
	if err != nil {
		return err
	}
	viewID := r.Interaction.View.ID
	if notice != "" {
		return d.updateView(ctx, r, viewID, farewellNotice(p, w.meta, notice))
	}
	v := viewValues(r.ViewState())
	dec := &w.state.Decision
	switch w.meta.Step {
	case stepCheck:
		readCheck(v, dec)
	case stepPath:
		readPath(v, dec)
	case stepDetails:
		readDetails(v, dec, locale.MinorDigits(d.Currency))
	}
	prev := max(w.meta.Step-1, stepEvidence)
	if prev == stepDetails {
		prepareDetails(dec, w.state.Evidence, r.UserID)
	}
	if err := d.saveFarewell(ctx, r, viewID, w.meta.Client, w.state); err != nil {
		return err
	}
	return d.updateView(ctx, r, viewID, farewellView(p, w.meta.at(prev), w.state, farewell.Drafts{}))
}

// closeFarewell forgets a wizard closed without saving.
func (d *Dialogs) closeFarewell(ctx context.Context, r *bot.Request) error {
	if r.Interaction == nil || r.Interaction.View.ID == "" {
		return nil
	}
	return d.DB.DeleteFarewellWizard(ctx, r.TeamID, r.Interaction.View.ID)
}

// finishFarewell saves the decision with the drafts as edited, in one
// transaction claimed by the submission's delivery key, then sends the
// drafts to the manager by DM.
func (d *Dialogs) finishFarewell(ctx context.Context, r *bot.Request, p *locale.Printer, w wizard) error {
	dec := w.state.Decision.Normalized()
	drafts, err := farewell.Draft(d.Catalog, w.state.Evidence, dec)
	if err != nil {
		return err
	}
	today := d.Today()
	if errs := dec.Validate(today); len(errs) > 0 {
		r.Ack(bot.ViewErrors(map[string]string{firstDraftBlock(drafts): draftProblems(p, errs)}))
		return nil
	}
	saved := editedDrafts(drafts, viewValues(r.ViewState()))
	rec, err := farewellRecord(dec, saved, today)
	if err != nil {
		return err
	}
	rec.ClientID, rec.Manager, rec.ViewID, rec.Reviewer = w.meta.Client, r.UserID, r.Interaction.View.ID, dec.Checks.Reviewer
	id, err := d.DB.SaveFarewell(ctx, deliveryOf(r), rec)
	switch {
	case errors.Is(err, storage.ErrAlreadyClaimed): // a double-clicked submit: saved and sent once
		r.Ack(nil)
		return nil
	case errors.Is(err, storage.ErrNotFound):
		r.Ack(bot.ViewUpdate(farewellNotice(p, w.meta, p.T("farewell.ui.client_gone"))))
		return nil
	case err != nil:
		return err
	}
	r.Ack(bot.ViewUpdate(farewellNotice(p, w.meta, p.T("farewell.ui.done", map[string]any{
		"Client": bot.Escape(dec.Client), "Status": StatusLabel(p, rec.Status, rec.StatusUntil),
	}))))
	// A DM that fails leaves the drafts unsent: the modal, still open on
	// "Saved", says so, and the client's card offers "Resend drafts".
	if err := d.sendDrafts(ctx, r, FarewellMessages(p, dec.Client, saved)); err != nil {
		notice := farewellNotice(p, w.meta, p.T("farewell.resend.dm_failed", map[string]any{
			"Client": bot.Escape(dec.Client), "Status": StatusLabel(p, rec.Status, rec.StatusUntil),
		}))
		return errors.Join(err, d.updateView(context.WithoutCancel(ctx), r, r.Interaction.View.ID, notice))
	}
	return errors.Join(d.DB.FarewellDraftsSent(context.WithoutCancel(ctx), r.TeamID, id),
		d.askReview(context.WithoutCancel(ctx), r, id, dec, saved))
}

// sendDrafts DMs the messages in order, in one conversation.
func (d *Dialogs) sendDrafts(ctx context.Context, r *bot.Request, msgs []bot.Message) error {
	api := r.API
	ch, _, _, err := api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{r.UserID}})
	if err != nil {
		return fmt.Errorf("opening the DM for the farewell drafts: %w", err)
	}
	for i, m := range msgs {
		if _, err := api.Post(ctx, ch.ID, m); err != nil {
			return fmt.Errorf("sending the farewell drafts, message %d of %d: %w", i+1, len(msgs), err)
		}
	}
	return nil
}

// farewellRecord is what saving the decision changes: the client's status
// and the reminders, from the path.
func farewellRecord(d farewell.Decision, drafts storage.FarewellDrafts, today time.Time) (storage.FarewellRecord, error) {
	raw, err := json.Marshal(d)
	if err != nil {
		return storage.FarewellRecord{}, fmt.Errorf("encoding the farewell decision: %w", err)
	}
	rec := storage.FarewellRecord{Path: string(d.Path), Group: string(d.Group), Lang: d.Lang, Decision: raw, Drafts: drafts}
	switch d.Path {
	case farewell.PartWays:
		end := ledger.Date(d.Part.EndDate)
		rec.EndOn, rec.Status, rec.StatusUntil = end, ledger.StatusParting, end
		if week := end.AddDate(0, 0, -7); week.After(today) {
			rec.Reminders = append(rec.Reminders, storage.FarewellReminderPlan{Kind: storage.ReminderWeekBefore, DueOn: week})
		}
		rec.Reminders = append(rec.Reminders,
			storage.FarewellReminderPlan{Kind: storage.ReminderEndDate, DueOn: end},
			// People change jobs: the next company may be a client.
			storage.FarewellReminderPlan{Kind: storage.ReminderTouch3m, DueOn: end.AddDate(0, 3, 0)},
			storage.FarewellReminderPlan{Kind: storage.ReminderTouch6m, DueOn: end.AddDate(0, 6, 0)})
	case farewell.Boundaries:
		review := ledger.Date(d.Boundaries.ReviewBy)
		rec.EndOn, rec.Status, rec.StatusUntil = review, ledger.StatusBoundaries, review
		rec.Reminders = append(rec.Reminders, storage.FarewellReminderPlan{Kind: storage.ReminderBoundariesReview, DueOn: review})
	case farewell.BackToStart:
		by := ledger.Date(d.Recovery.By)
		rec.EndOn, rec.Status, rec.StatusUntil = by, ledger.StatusRecovery, by
	case farewell.Soften:
		end := ledger.Date(d.Soften.LastDay)
		rec.EndOn, rec.Status, rec.StatusUntil = end, ledger.StatusParting, end
		rec.Reminders = append(rec.Reminders,
			storage.FarewellReminderPlan{Kind: storage.ReminderEndDate, DueOn: end},
			storage.FarewellReminderPlan{Kind: storage.ReminderTouch6m, DueOn: end.AddDate(0, 6, 0)})
	}
	return rec, nil
}
