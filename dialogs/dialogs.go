// Package dialogs serves Tact's modals and buttons: it builds their Block
// Kit and handles their actions and submissions.
package dialogs

import (
	"context"
	"log/slog"
	"time"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
)

// Action ids of buttons other packages put in their messages; the handlers
// live here. A button's value is the client id, or "" for none.
const (
	ActionLogIncident = "incident.open"
	ActionLogHours    = "hours.open"
)

// Deps are what the dialogs need; main builds them.
type Deps struct {
	DB       *storage.DB
	Catalog  *locale.Catalog
	Currency string
	Location *time.Location
	Log      *slog.Logger
}

// Dialogs registers and opens the product's modals.
type Dialogs struct{ Deps }

// New builds the dialogs.
func New(d Deps) *Dialogs { return &Dialogs{Deps: d} }

// Register adds every modal's and button's handler to the router.
func (d *Dialogs) Register(r *bot.Router) {}

// IncidentPrefill is what the incident modal opens with: what the typed
// command understood, or the message a shortcut was used on.
type IncidentPrefill struct {
	ClientID    int64
	Category    ledger.Category
	Severity    ledger.Severity
	Description string
	Links       []string
}

// OpenIncident opens the incident modal within the trigger's 3 s.
func (d *Dialogs) OpenIncident(ctx context.Context, r *bot.Request, p IncidentPrefill) error {
	return nil
}

// HoursPrefill is what the hours modal opens with.
type HoursPrefill struct {
	ClientID   int64
	Minutes    int
	Department string
	Note       string
}

// OpenHours opens the hours modal within the trigger's 3 s.
func (d *Dialogs) OpenHours(ctx context.Context, r *bot.Request, p HoursPrefill) error {
	return nil
}
