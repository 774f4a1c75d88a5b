package dialogs

import "github.com/tact-bot/tact/bot"

// registerFarewell is a placeholder until its feature lands.
func (d *Dialogs) registerFarewell(r *bot.Router) {}
