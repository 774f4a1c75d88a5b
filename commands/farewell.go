package commands

import (
	"context"

	"github.com/tact-bot/tact/bot"
)

// farewellGrammar is the command's grammar, as in the app manifest.
const farewellGrammar = "<client>"

// farewellCommand is `/farewell <client>`: the wizard that walks a manager
// through the keep-or-part decision with the team's data, and drafts the
// conversation, the referral or the plan. Managers only; the wizard's own
// handlers check again, since its button can be pressed by anyone who sees
// it.
func (s *Set) farewellCommand() Command {
	return Command{
		Name:      "/farewell",
		Summary:   "cmd.farewell.summary",
		UsageHint: farewellGrammar,
		Subs: []Sub{
			{Name: "", Usage: farewellGrammar, Summary: "cmd.farewell.start", Manager: true, Run: s.farewell},
		},
		Default: s.farewellFor,
	}
}

// farewellFor is `/farewell <client>`, refused to non-managers before the
// client is even looked up.
func (s *Set) farewellFor(ctx context.Context, r *bot.Request, text string) error {
	if ok, err := s.requireManager(ctx, r); !ok || err != nil {
		return err
	}
	return s.farewell(ctx, r, text)
}

// farewell resolves the client (an empty text gets the example) and opens
// the wizard on it.
func (s *Set) farewell(ctx context.Context, r *bot.Request, text string) error {
	res, ok, err := s.clientFrom(ctx, r, words(bot.Unescape(text)), false, "/farewell Acme")
	if !ok || err != nil {
		return err
	}
	return s.Dialogs.OpenFarewell(ctx, r, res.Client.ID, res.Client.Name)
}
