package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
)

// clientFrom reads the client named by the leading words. When it can't, it
// tells the user what to type (candidates, closest names, how to add one)
// and returns ok=false; example is a full command line to show.
func (s *Set) clientFrom(ctx context.Context, r *bot.Request, words []string, withArchived bool, example string) (ledger.Resolution, bool, error) {
	clients, err := s.DB.ListClients(ctx, r.TeamID, withArchived)
	if err != nil {
		return ledger.Resolution{}, false, err
	}
	res := ledger.ResolveClient(clients, words)
	if res.Found() {
		return res, true, nil
	}
	return res, false, r.Reply(ctx, bot.Message{Text: s.clientProblem(r.Lang, res, example)})
}

// clientProblem explains a resolution that found no single client.
func (s *Set) clientProblem(lang string, res ledger.Resolution, example string) string {
	p := s.Catalog.For(lang)
	query := bot.Escape(locale.Clip(res.Query, ledger.MaxClientNameRunes))
	switch {
	case res.IsAmbiguous():
		return p.T("client.ambiguous", map[string]any{"Query": query, "Names": quoteList(p.List, res.Ambiguous)})
	case res.Unknown():
		text := p.T("client.unknown", map[string]any{"Query": query})
		if len(res.Closest) > 0 {
			text += " " + p.T("client.did_you_mean", map[string]any{"Names": quoteList(p.ListOr, res.Closest)})
		}
		return text + " " + p.T("client.how_to_add", map[string]any{"Name": query})
	}
	return p.T("client.missing", map[string]any{"Example": example})
}

func quoteList(join func([]string) string, names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("*%s*", n)
	}
	return join(q)
}

// words splits command text on any whitespace.
func words(text string) []string { return strings.Fields(text) }
