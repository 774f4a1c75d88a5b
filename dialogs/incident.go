package dialogs

import (
	"context"
	"errors"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/bot/blockkit"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
)

// IncidentPrefill is what the incident modal opens with: what the typed
// command understood, or the message a shortcut was used on.
type IncidentPrefill struct {
	ClientID    int64
	Category    ledger.Category
	Severity    ledger.Severity
	Description string
	Links       []string
	Payment     ledger.Payment
	// Problems are what the typed command left unclear; the modal says so.
	Problems []ledger.Problem
	// Source is how the incident is being logged (storage.Source*);
	// "" means the modal.
	Source string
}

// OpenIncident opens the incident modal within the trigger's 3 s.
func (d *Dialogs) OpenIncident(ctx context.Context, r *bot.Request, p IncidentPrefill) error {
	_, _, err := d.openIncident(ctx, r, p, r.ChannelID)
	return err
}

// OpenIncidentWith opens the incident modal offering the active clients
// the caller has already read, as the typed command has.
func (d *Dialogs) OpenIncidentWith(ctx context.Context, r *bot.Request, clients []ledger.Client, p IncidentPrefill) error {
	_, _, err := d.showIncident(ctx, r, clients, p, r.ChannelID)
	return err
}

// openIncident opens the modal and returns what it showed and Slack's view
// (nil when it did not open; the user has been told why).
func (d *Dialogs) openIncident(ctx context.Context, r *bot.Request, pre IncidentPrefill, channel string) (IncidentForm, *slack.ViewResponse, error) {
	clients, err := d.DB.ListClients(ctx, r.TeamID, false)
	if err != nil {
		return IncidentForm{}, nil, err
	}
	return d.showIncident(ctx, r, clients, pre, channel)
}

func (d *Dialogs) showIncident(ctx context.Context, r *bot.Request, clients []ledger.Client, pre IncidentPrefill, channel string) (IncidentForm, *slack.ViewResponse, error) {
	p := d.Catalog.For(r.Lang)
	if len(clients) == 0 {
		return IncidentForm{}, nil, d.say(ctx, r, p.T("incident.reply.no_clients"))
	}
	source := pre.Source
	if source == "" {
		source = storage.SourceModal
	}
	f := IncidentForm{
		Clients: clients, ClientID: pre.ClientID, Category: pre.Category, Severity: pre.Severity,
		Day: d.Today(), Description: pre.Description, Links: pre.Links,
		Payment: pre.Payment, Exp: locale.MinorDigits(d.Currency),
		Notice: IncidentNotice(p, pre.Problems),
		Meta:   Metadata{Channel: channel, Source: source},
	}
	view, err := d.openView(ctx, r, IncidentView(p, f), "incident.reply.open_failed")
	return f, view, err
}

// incidentButton opens the modal from a "Log incident" button; the value
// preselects the client.
func (d *Dialogs) incidentButton(ctx context.Context, r *bot.Request) error {
	return d.OpenIncident(ctx, r, IncidentPrefill{ClientID: buttonID(r)})
}

func (v IncidentValues) input(source string) storage.IncidentInput {
	return storage.IncidentInput{
		ClientID: v.ClientID, Category: v.Category, Severity: v.Severity, Description: v.Description,
		Evidence: v.Links, OccurredOn: v.Day, Source: source, Payment: v.Payment,
	}
}

// submitIncident logs the modal's incident, or shows what to fix.
func (d *Dialogs) submitIncident(ctx context.Context, r *bot.Request) error {
	meta, err := ParseMetadata(r.Interaction.View.PrivateMetadata)
	if err != nil {
		return fmt.Errorf("incident modal: %w", err)
	}
	p := d.Catalog.For(r.Lang)
	v, errs := ReadIncident(p, r.ViewState(), d.Today(), locale.MinorDigits(d.Currency))
	if len(errs) > 0 {
		r.Ack(bot.ViewErrors(errs))
		return nil
	}
	logged, err := d.DB.LogIncident(ctx, deliveryOf(r), v.input(meta.Source), RecentSpan(d.Today()))
	if saved, err := ackSaved(r, err, p.T("incident.error.client_gone")); !saved {
		return err
	}
	return d.send(ctx, r, meta.Channel, IncidentMessage(p, IncidentReply{Incident: logged.Incident, Recent: logged.Recent, Currency: d.Currency}))
}

// editIncident opens the modal prefilled with an incident, for its
// reporter or a manager.
func (d *Dialogs) editIncident(ctx context.Context, r *bot.Request) error {
	p := d.Catalog.For(r.Lang)
	inc, ok, err := d.changeableIncident(ctx, r)
	if !ok || err != nil {
		return err
	}
	active, err := d.DB.ListClients(ctx, r.TeamID, false)
	if err != nil {
		return err
	}
	if !containsClient(active, inc.ClientID) {
		all, err := d.DB.ListClients(ctx, r.TeamID, true)
		if err != nil {
			return err
		}
		active = withClient(active, all, inc.ClientID)
	}
	f := IncidentForm{
		Edit: true, Clients: active, ClientID: inc.ClientID, Category: inc.Category, Severity: inc.Severity,
		Day: inc.OccurredOn, Description: inc.Description, Links: inc.Evidence,
		Payment: inc.Payment, Exp: locale.MinorDigits(d.Currency),
		Meta: Metadata{Channel: r.ChannelID, Incident: inc.ID, Reply: r.ResponseURL},
	}
	_, err = d.openView(ctx, r, IncidentView(p, f), "incident.reply.open_failed")
	return err
}

// changeableIncident loads the incident a button names, if the user may
// change it; otherwise it tells them why not and returns ok=false.
func (d *Dialogs) changeableIncident(ctx context.Context, r *bot.Request) (storage.Incident, bool, error) {
	p := d.Catalog.For(r.Lang)
	id := buttonID(r)
	inc, err := d.DB.Incident(ctx, r.TeamID, id)
	if errors.Is(err, storage.ErrNotFound) {
		return inc, false, r.Reply(ctx, IncidentNoteMessage(p, "incident.reply.gone", id))
	}
	if err != nil {
		return inc, false, err
	}
	allowed, err := mayChange(ctx, r, inc.ReportedBy)
	if err != nil || !allowed {
		if err == nil {
			err = d.say(ctx, r, incidentRefusal(p, id, inc.ReportedBy, r.Managers(ctx)))
		}
		return inc, false, err
	}
	return inc, true, nil
}

func containsClient(clients []ledger.Client, id int64) bool {
	for _, c := range clients {
		if c.ID == id {
			return true
		}
	}
	return false
}

// errNotAllowed refuses an edit inside its transaction.
var errNotAllowed = errors.New("not the reporter nor a manager")

// submitIncidentEdit saves an edited incident and replaces the reply that
// had the Edit button.
func (d *Dialogs) submitIncidentEdit(ctx context.Context, r *bot.Request) error {
	meta, err := ParseMetadata(r.Interaction.View.PrivateMetadata)
	if err != nil || meta.Incident == 0 {
		return fmt.Errorf("incident edit modal: %w", errors.Join(err, ErrMetadata))
	}
	p := d.Catalog.For(r.Lang)
	v, errs := ReadIncident(p, r.ViewState(), d.Today(), locale.MinorDigits(d.Currency))
	if len(errs) > 0 {
		r.Ack(bot.ViewErrors(errs))
		return nil
	}
	manager, err := r.IsManager(ctx)
	if err != nil {
		return fmt.Errorf("checking manager: %w", err)
	}
	var reporter string
	logged, err := d.DB.EditIncident(ctx, deliveryOf(r), meta.Incident, v.input(""), RecentSpan(d.Today()), func(before storage.Incident) error {
		if reporter = before.ReportedBy; reporter != r.UserID && !manager {
			return errNotAllowed
		}
		return nil
	})
	switch {
	case errors.Is(err, storage.ErrIncidentGone): // before ackSaved, as it is also ErrNotFound
		r.Ack(bot.ViewErrors(map[string]string{BlockWhat: p.T("incident.reply.gone", map[string]any{"Number": meta.Incident})}))
		return nil
	case errors.Is(err, errNotAllowed):
		r.Ack(bot.ViewErrors(map[string]string{BlockWhat: noMarkup(incidentRefusal(p, meta.Incident, reporter, r.Managers(ctx)))}))
		return nil
	}
	if saved, err := ackSaved(r, err, p.T("incident.error.client_gone")); !saved {
		return err
	}
	m := IncidentMessage(p, IncidentReply{Incident: logged.Incident, Recent: logged.Recent, Updated: true, Currency: d.Currency})
	if meta.Reply != "" {
		m.ReplaceOriginal = true
		err := r.API.Respond(ctx, meta.Reply, m)
		if err == nil {
			return nil
		}
		// Expired (30 minutes, 5 uses): say it in a new message instead.
		d.Log.Info("could not replace the incident reply", "err", err)
		m.ReplaceOriginal = false
	}
	return d.send(ctx, r, meta.Channel, m)
}

// deleteIncident soft-deletes an incident after the button's confirm
// dialog, for its reporter or a manager.
func (d *Dialogs) deleteIncident(ctx context.Context, r *bot.Request) error {
	p := d.Catalog.For(r.Lang)
	inc, ok, err := d.changeableIncident(ctx, r)
	if !ok || err != nil {
		return err
	}
	id := inc.ID
	err = d.DB.DeleteIncident(ctx, deliveryOf(r), id)
	switch {
	case errors.Is(err, storage.ErrAlreadyClaimed):
		return nil
	case errors.Is(err, storage.ErrNotFound):
		return r.Reply(ctx, IncidentNoteMessage(p, "incident.reply.gone", id))
	case err != nil:
		return err
	}
	return r.Reply(ctx, IncidentNoteMessage(p, "incident.reply.deleted", id))
}

// incidentHistory shows a manager an incident's earlier versions, newest
// first, each with who replaced it and when.
func (d *Dialogs) incidentHistory(ctx context.Context, r *bot.Request) error {
	if ok, err := d.managerOnly(ctx, r, "incident.history.manager_only"); !ok {
		return err
	}
	p := d.Catalog.For(r.Lang)
	id := buttonID(r)
	versions, err := d.DB.IncidentVersions(ctx, r.TeamID, id)
	if err != nil {
		return err
	}
	if len(versions) == 0 {
		return d.say(ctx, r, p.T("incident.history.none", map[string]any{"Number": id}))
	}
	lines := []string{p.T("incident.history.title", map[string]any{"Number": id})}
	for _, v := range versions {
		lines = append(lines, p.T("incident.history.line", map[string]any{
			"When": p.DateTime(v.ReplacedAt.In(d.Location)), "Who": "<@" + v.ReplacedBy + ">", "Day": p.Date(v.OccurredOn),
			"Severity": p.T("incident.severity." + string(v.Severity)), "Category": CategoryLabel(p, v.Category),
			"What": bot.Escape(v.Description),
		}))
	}
	blocks := blockkit.SectionsUpTo(lines, blockkit.MaxMessageBlocks, func(left int) string { return p.N("incident.history.more", left) })
	return r.Reply(ctx, bot.Message{Text: lines[0], Blocks: blocks})
}
