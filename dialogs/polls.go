package dialogs

import "github.com/tact-bot/tact/bot"

// registerPolls is a placeholder until its feature lands.
func (d *Dialogs) registerPolls(r *bot.Router) {}
