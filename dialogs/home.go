package dialogs

import "github.com/tact-bot/tact/bot"

// registerHome is a placeholder until its feature lands.
func (d *Dialogs) registerHome(r *bot.Router) {}
