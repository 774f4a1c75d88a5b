package commands

import (
	"context"
	"strings"
	"time"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/strain"
)

// strainCommand is `/strain <client>`: anyone posts an anonymous 1–5 poll
// about a client in the current channel.
func (s *Set) strainCommand() Command {
	return Command{
		Name:      "/strain",
		Summary:   "cmd.strain.summary",
		UsageHint: "<client>",
		Subs: []Sub{
			{Name: "", Usage: "<client>", Summary: "cmd.strain.start", Run: s.strainHelp},
		},
		Default: s.startStrainPoll,
		Help:    s.strainHelp,
	}
}

func (s *Set) startStrainPoll(ctx context.Context, r *bot.Request, text string) error {
	client, ok, err := s.clientFrom(ctx, r, words(bot.Unescape(text)), false, "/strain Acme")
	if err != nil || !ok {
		return err
	}
	return s.Dialogs.StartPoll(ctx, r, *client.Client)
}

// strainHelp is the usage, what anonymity means here, and an example.
func (s *Set) strainHelp(ctx context.Context, r *bot.Request, _ string) error {
	p := s.Catalog.For(r.Lang)
	c := s.strainCommand()
	text := strings.Join([]string{
		s.usage(p, &c),
		p.T("cmd.strain.help_anonymous", map[string]any{"Hours": p.Hours(s.Dialogs.PollHours * 60), "Min": s.Dialogs.MinAnswers}),
		p.T("cmd.strain.help_example"),
	}, "\n")
	return r.Reply(ctx, bot.Message{Text: text, Blocks: textBlocks(text)})
}

// strainScore is a stored result as cards and lists show it: on the day it
// closed in the team's zone, with its trend over the results before.
func (s *Set) strainScore(st storage.StrainScore) *StrainScore {
	loc := s.Location
	if loc == nil {
		loc = time.UTC
	}
	out := &StrainScore{Score: st.Average, Scale: strain.MaxScore, Answers: st.Answers, Day: ledger.DayIn(st.ClosedAt, loc), Trend: strain.Trend(st.History)}
	if n := len(st.History); n >= 2 {
		out.Previous = st.History[n-2]
	}
	return out
}

// strainTrendText is ", up from 3.1" after the card's score; "" for a first result.
func strainTrendText(p *locale.Printer, st *StrainScore) string {
	if st.Previous == 0 {
		return ""
	}
	id := map[ledger.Direction]string{ledger.Up: "strain.card.trend_up", ledger.Down: "strain.card.trend_down"}[st.Trend]
	if id == "" {
		id = "strain.card.trend_flat"
	}
	return ", " + p.T(id, map[string]any{"Prev": p.Decimal(st.Previous, 1)})
}

// strainArrow marks the list's score with its trend.
func strainArrow(st *StrainScore) string {
	switch {
	case st.Previous == 0:
		return ""
	case st.Trend == ledger.Up:
		return " ↑"
	case st.Trend == ledger.Down:
		return " ↓"
	}
	return " →"
}
