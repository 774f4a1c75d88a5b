// Package dialogs serves Tact's modals and buttons: it builds their Block
// Kit and handles their actions and submissions.
package dialogs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/settings"
	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/strain"
)

// Deps are what the dialogs need; main builds them.
type Deps struct {
	DB       *storage.DB
	Catalog  *locale.Catalog
	Currency string
	Log      *slog.Logger
	Secret   []byte // keys anonymous votes (strain.VoterKey); never stored
	// PollHours is how long a strain poll or pulse stays open
	// (STRAIN_POLL_HOURS); 0 means 72.
	PollHours int
	// MinAnswers is how many answers a closed poll (or a client in a pulse)
	// needs for its result to be shown and kept (STRAIN_MIN_ANSWERS); never
	// below strain.MinAnswers.
	MinAnswers int
	// Clock is the team's clock (its Location the team's zone): "now" and
	// "today" are read from it alone.
	ledger.Clock
	// Settings, when set, are read at each request: the workspace's
	// currency, zone, poll length and minimum answers replace the ones
	// above for that request, so a change in /tact settings applies at once.
	Settings Settings
}

// Settings gives the settings in force for a workspace
// (storage.Workspaces does).
type Settings interface {
	For(ctx context.Context, teamID string) (settings.Workspace, error)
}

// Dialogs registers and opens the product's modals.
type Dialogs struct{ Deps }

// New builds the dialogs.
func New(d Deps) *Dialogs {
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.Location == nil {
		d.Location = time.UTC
	}
	if d.PollHours <= 0 {
		d.PollHours = 72
	}
	d.MinAnswers = max(d.MinAnswers, strain.MinAnswers)
	return &Dialogs{Deps: d}
}

// ForTeam is d with teamID's settings in force. When the database cannot
// say, it is d as the environment set it: the handler then meets the
// outage itself and tells the person, as it would without settings.
func (d *Dialogs) ForTeam(ctx context.Context, teamID string) *Dialogs {
	if d.Settings == nil {
		return d
	}
	ws, err := d.Settings.For(ctx, teamID)
	if err != nil {
		d.Log.Warn("reading the workspace's settings; using the defaults", "err", err)
		return d
	}
	minAnswers := max(ws.MinAnswers, strain.MinAnswers)
	if ws.Currency == d.Currency && ws.Location == d.Location && ws.PollHours == d.PollHours && minAnswers == d.MinAnswers {
		return d // the defaults: nothing to copy
	}
	c := *d
	c.Currency, c.Clock = ws.Currency, d.Clock.In(ws.Location)
	c.PollHours, c.MinAnswers = ws.PollHours, minAnswers
	return &c
}

// scoped is h run on the dialogs as the request's workspace has them set
// now.
func (d *Dialogs) scoped(h func(*Dialogs, context.Context, *bot.Request) error) bot.Handler {
	return func(ctx context.Context, r *bot.Request) error {
		return h(d.ForTeam(ctx, r.TeamID), ctx, r)
	}
}

// Register adds every modal's and button's handler to the router.
func (d *Dialogs) Register(r *bot.Router) {
	r.Action(ActionLogIncident, d.scoped((*Dialogs).incidentButton))
	r.Action(ActionLogHours, d.scoped((*Dialogs).hoursButton))
	r.Action(ActionIncidentEdit, d.scoped((*Dialogs).editIncident))
	r.Action(ActionIncidentDelete, d.scoped((*Dialogs).deleteIncident))
	r.Action(ActionIncidentHistory, d.scoped((*Dialogs).incidentHistory))
	r.Action(ActionHoursUndo, d.scoped((*Dialogs).undoHours))
	r.ViewSubmission(CallbackIncident, d.scoped((*Dialogs).submitIncident))
	r.ViewSubmission(CallbackIncidentEdit, d.scoped((*Dialogs).submitIncidentEdit))
	r.ViewSubmission(CallbackHours, d.scoped((*Dialogs).submitHours))
	r.Suggestion(ActionClient, d.scoped((*Dialogs).suggestClients))
	r.Shortcut(ShortcutLogIncident, d.scoped((*Dialogs).logFromMessage))
	d.registerPolls(r)
	d.registerHome(r)
	d.registerFarewell(r)
	d.registerFarewellResend(r)
	d.registerBoundariesReview(r)
	d.registerReviewer(r)
	d.registerLessons(r)
	d.registerImports(r)
	d.registerErase(r)
	d.registerSettings(r)
	d.registerInstalls(r)
}

// send answers the user privately: through the payload's response_url when
// it has one, else as an ephemeral message in channel (where a modal was
// opened from), else by DM.
func (d *Dialogs) send(ctx context.Context, r *bot.Request, channel string, m bot.Message) error {
	if r.ResponseURL != "" || channel == "" {
		return r.Reply(ctx, m)
	}
	_, err := r.API.PostEphemeralContext(ctx, channel, r.UserID, slack.MsgOptionText(m.Text, false), slack.MsgOptionBlocks(m.Blocks...))
	if err == nil {
		return nil
	}
	// The bot may not be in that channel (a DM between people, say).
	d.Log.Warn("ephemeral reply failed; sending a DM instead", "channel", channel, "err", err)
	if _, err := r.API.DM(ctx, r.UserID, m); err != nil {
		return fmt.Errorf("replying by DM: %w", err)
	}
	return nil
}

// say answers with one line of text.
func (d *Dialogs) say(ctx context.Context, r *bot.Request, text string) error {
	return r.Reply(ctx, bot.Message{Text: text})
}

// openView opens a modal with the request's trigger. When Slack refuses
// (the 3 s trigger ran out), the user is told to try again and nil comes
// back.
func (d *Dialogs) openView(ctx context.Context, r *bot.Request, view slack.ModalViewRequest, failedID string) (*slack.ViewResponse, error) {
	resp, err := r.API.OpenViewContext(ctx, r.TriggerID, view)
	if err == nil {
		return resp, nil
	}
	d.Log.Warn("views.open failed", "callback_id", view.CallbackID, "err", err)
	if err := d.say(ctx, r, d.Catalog.For(r.Lang).T(failedID)); err != nil {
		return nil, fmt.Errorf("telling that the form did not open: %w", err)
	}
	return nil, nil
}

// mayChange reports whether the user may edit, delete or undo what owner
// logged: the owner and managers may.
func mayChange(ctx context.Context, r *bot.Request, owner string) (bool, error) {
	if r.UserID == owner {
		return true, nil
	}
	ok, err := r.IsManager(ctx)
	if err != nil {
		return false, fmt.Errorf("checking manager: %w", err)
	}
	return ok, nil
}

// deliveryOf names the write a request makes, so a redelivery writes
// nothing.
func deliveryOf(r *bot.Request) storage.Delivery {
	return storage.Delivery{TeamID: r.TeamID, UserID: r.UserID, Key: r.DeliveryKey()}
}

// ackSaved acks a modal submission that logs an entry by how its write
// went: saved, or already saved by an earlier delivery (a double-clicked
// submit), closes the modal; a client gone since the modal opened puts gone
// under the client field. It reports whether this delivery saved it, so
// the caller replies.
func ackSaved(r *bot.Request, err error, gone string) (bool, error) {
	switch {
	case errors.Is(err, storage.ErrAlreadyClaimed):
		r.Ack(nil)
		return false, nil
	case errors.Is(err, storage.ErrNotFound):
		r.Ack(bot.ViewErrors(map[string]string{BlockClient: gone}))
		return false, nil
	case err != nil:
		return false, err
	}
	r.Ack(nil)
	return true, nil
}

// buttonID reads the id a button carries as its value, 0 when none.
func buttonID(r *bot.Request) int64 {
	if r.Action == nil {
		return 0
	}
	id, err := strconv.ParseInt(r.Action.Value, 10, 64)
	if err != nil || id < 0 {
		return 0
	}
	return id
}

// suggestClients serves the external client select's search (workspaces
// with more clients than a static select holds).
func (d *Dialogs) suggestClients(ctx context.Context, r *bot.Request) error {
	clients, err := d.DB.ListClients(ctx, r.TeamID, false)
	if err != nil {
		r.Ack(bot.Options(nil))
		return err
	}
	r.Ack(bot.Options(ClientOptions(clients, r.Interaction.Value)))
	return nil
}

// withClient adds the client with id from all to clients when it is
// missing (an archived client's incident being edited).
func withClient(clients, all []ledger.Client, id int64) []ledger.Client {
	for _, c := range clients {
		if c.ID == id {
			return clients
		}
	}
	for _, c := range all {
		if c.ID == id {
			return append([]ledger.Client{c}, clients...)
		}
	}
	return clients
}
