package dialogs

import (
	"context"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/storage"
)

// Slack's events for a workspace that removed the app: its jobs stop and
// its data waits for the retention to pass (storage.MarkUninstalled).
const (
	EventAppUninstalled = "app_uninstalled"
	EventTokensRevoked  = "tokens_revoked"
)

// slackActor is who the audit log names for what Slack reports.
const slackActor = "slack"

func (d *Dialogs) registerInstalls(r *bot.Router) {
	r.Event(EventAppUninstalled, d.scoped((*Dialogs).uninstalled))
	r.Event(EventTokensRevoked, d.scoped((*Dialogs).uninstalled))
}

func (d *Dialogs) uninstalled(ctx context.Context, r *bot.Request) error {
	if r.TeamID == "" {
		return nil
	}
	d.Log.Info("the workspace removed the app: its jobs stop", "team", r.TeamID, "event", r.Key)
	return d.DB.MarkUninstalled(ctx, storage.Delivery{TeamID: r.TeamID, UserID: slackActor})
}
