package main

import (
	"context"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/schedule"
)

// farewellReminderSpec runs the farewell reminders every morning in the
// team's zone: a week before a last working day, and on it.
const farewellReminderSpec = "0 9 * * *"

// farewellJobs are the farewell wizard's scheduled jobs. The reminders
// catch up at start: a morning missed while the bot was down is made up.
func (a *app) farewellJobs() []scheduled {
	return []scheduled{{spec: farewellReminderSpec, job: a.farewellReminders(), catchUp: true}}
}

func (a *app) farewellReminders() schedule.FarewellReminders {
	return schedule.FarewellReminders{
		DB: a.db, Catalog: a.cat, Location: a.cfg.Location, TeamID: a.teamID, Log: a.log,
		DM: func(ctx context.Context, user string, m bot.Message) error {
			_, err := a.api.DM(ctx, user, m)
			return err
		},
		Lang: a.people.Lang,
	}
}
