package dialogs

import (
	"context"
	"errors"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/ledger"
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

// openIncident opens the modal and returns what it showed and Slack's view
// (nil when it did not open; the user has been told why).
func (d *Dialogs) openIncident(ctx context.Context, r *bot.Request, pre IncidentPrefill, channel string) (IncidentForm, *slack.ViewResponse, error) {
	p := d.Catalog.For(r.Lang)
	clients, err := d.DB.ListClients(ctx, r.TeamID, false)
	if err != nil {
		return IncidentForm{}, nil, err
	}
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

// LogIncident stores an incident typed in full on the command line and
// replies. A redelivered command is stored and answered once.
func (d *Dialogs) LogIncident(ctx context.Context, r *bot.Request, v IncidentValues) error {
	inc, recent, err := d.saveIncident(ctx, r, v, storage.SourceCommand)
	switch {
	case errors.Is(err, storage.ErrAlreadyClaimed):
		return nil
	case err != nil:
		return err
	}
	return r.Reply(ctx, IncidentMessage(d.Catalog.For(r.Lang), IncidentReply{Incident: inc, Recent: recent}))
}

// saveIncident writes the incident and counts the client's recent ones, in
// one transaction claimed by the delivery key.
func (d *Dialogs) saveIncident(ctx context.Context, r *bot.Request, v IncidentValues, source string) (storage.Incident, int, error) {
	var inc storage.Incident
	var recent int
	err := d.DB.InTx(ctx, func(tx *storage.Tx) error {
		if err := tx.ClaimDelivery(ctx, r.TeamID, r.DeliveryKey()); err != nil {
			return err
		}
		var err error
		if inc, err = tx.InsertIncident(ctx, r.TeamID, v.input(r.UserID, source)); err != nil {
			return err
		}
		recent, err = tx.CountIncidents(ctx, r.TeamID, inc.ClientID, ledger.LastWeeks(d.Today(), RecentWeeks))
		return err
	})
	return inc, recent, err
}

func (v IncidentValues) input(user, source string) storage.IncidentInput {
	return storage.IncidentInput{
		ClientID: v.ClientID, Category: v.Category, Severity: v.Severity, Description: v.Description,
		Evidence: v.Links, OccurredOn: v.Day, ReportedBy: user, Source: source,
	}
}

// submitIncident logs the modal's incident, or shows what to fix.
func (d *Dialogs) submitIncident(ctx context.Context, r *bot.Request) error {
	meta, err := ParseMetadata(r.Interaction.View.PrivateMetadata)
	if err != nil {
		return fmt.Errorf("incident modal: %w", err)
	}
	p := d.Catalog.For(r.Lang)
	v, errs := ReadIncident(p, r.ViewState(), d.Today())
	if len(errs) > 0 {
		r.Ack(bot.ViewErrors(errs))
		return nil
	}
	inc, recent, err := d.saveIncident(ctx, r, v, meta.Source)
	switch {
	case errors.Is(err, storage.ErrAlreadyClaimed): // a double-clicked submit
		r.Ack(nil)
		return nil
	case errors.Is(err, storage.ErrNotFound):
		r.Ack(bot.ViewErrors(map[string]string{BlockClient: p.T("incident.error.client_gone")}))
		return nil
	case err != nil:
		return err
	}
	r.Ack(nil)
	return d.send(ctx, r, meta.Channel, IncidentMessage(p, IncidentReply{Incident: inc, Recent: recent}))
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
			err = d.say(ctx, r, incidentRefusal(p, id, inc.ReportedBy, r.Managers()))
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

// Reasons an edit is refused inside its transaction.
var (
	errIncidentGone = errors.New("incident deleted meanwhile")
	errNotAllowed   = errors.New("not the reporter nor a manager")
)

// submitIncidentEdit saves an edited incident and replaces the reply that
// had the Edit button.
func (d *Dialogs) submitIncidentEdit(ctx context.Context, r *bot.Request) error {
	meta, err := ParseMetadata(r.Interaction.View.PrivateMetadata)
	if err != nil || meta.Incident == 0 {
		return fmt.Errorf("incident edit modal: %w", errors.Join(err, ErrMetadata))
	}
	p := d.Catalog.For(r.Lang)
	v, errs := ReadIncident(p, r.ViewState(), d.Today())
	if len(errs) > 0 {
		r.Ack(bot.ViewErrors(errs))
		return nil
	}
	manager, err := r.IsManager(ctx)
	if err != nil {
		return fmt.Errorf("checking manager: %w", err)
	}
	var inc, before storage.Incident
	var recent int
	err = d.DB.InTx(ctx, func(tx *storage.Tx) error {
		if err := tx.ClaimDelivery(ctx, r.TeamID, r.DeliveryKey()); err != nil {
			return err
		}
		var err error
		if before, err = tx.IncidentForUpdate(ctx, r.TeamID, meta.Incident); errors.Is(err, storage.ErrNotFound) {
			return errIncidentGone
		} else if err != nil {
			return err
		}
		if before.ReportedBy != r.UserID && !manager {
			return errNotAllowed
		}
		if inc, err = tx.UpdateIncident(ctx, r.TeamID, meta.Incident, v.input(r.UserID, "")); err != nil {
			return err
		}
		recent, err = tx.CountIncidents(ctx, r.TeamID, inc.ClientID, ledger.LastWeeks(d.Today(), RecentWeeks))
		return err
	})
	switch {
	case errors.Is(err, storage.ErrAlreadyClaimed):
		r.Ack(nil)
		return nil
	case errors.Is(err, errIncidentGone):
		r.Ack(bot.ViewErrors(map[string]string{BlockWhat: p.T("incident.reply.gone", map[string]any{"Number": meta.Incident})}))
		return nil
	case errors.Is(err, errNotAllowed):
		r.Ack(bot.ViewErrors(map[string]string{BlockWhat: noMarkup(incidentRefusal(p, meta.Incident, before.ReportedBy, r.Managers()))}))
		return nil
	case errors.Is(err, storage.ErrNotFound):
		r.Ack(bot.ViewErrors(map[string]string{BlockClient: p.T("incident.error.client_gone")}))
		return nil
	case err != nil:
		return err
	}
	r.Ack(nil)
	m := IncidentMessage(p, IncidentReply{Incident: inc, Recent: recent, Updated: true})
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
	err = d.DB.InTx(ctx, func(tx *storage.Tx) error {
		if err := tx.ClaimDelivery(ctx, r.TeamID, r.DeliveryKey()); err != nil {
			return err
		}
		return tx.DeleteIncident(ctx, r.TeamID, id)
	})
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
