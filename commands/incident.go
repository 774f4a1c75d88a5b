package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
)

// incidentGrammar is the command's grammar, as in the app manifest.
const incidentGrammar = "[<client> <category> [low|medium|high] <what happened>]"

// incidentCommand is `/incident`: log what a difficult client did. Typed in
// full it logs at once; anything less opens the modal with what was
// understood.
func (s *Set) incidentCommand() Command {
	return entryCommand("incident", incidentGrammar, s.openIncident, s.logIncident, s.incidentHelp)
}

func (s *Set) openIncident(ctx context.Context, r *bot.Request, _ string) error {
	return s.Dialogs.OpenIncident(ctx, r, dialogs.IncidentPrefill{})
}

// logIncident reads `/incident <client> <category> [severity] <what happened>`.
// Typed in full it is logged here; else the modal opens with what was
// understood and the clients already read.
func (s *Set) logIncident(ctx context.Context, r *bot.Request, text string) error {
	clients, err := s.DB.ListClients(ctx, r.TeamID, false)
	if err != nil {
		return err
	}
	d := ledger.ParseIncidentText(bot.Unescape(text), clients, locale.MinorDigits(s.Currency))
	if long, err := s.replyTooLong(ctx, r, d.Description, ledger.MaxIncidentDescriptionRunes, "incident.error.too_long"); long {
		return err
	}
	if !d.Complete() {
		pre := dialogs.IncidentPrefill{Category: d.Category, Description: d.Description, Problems: d.Problems, Payment: d.Payment}
		if d.Client.Found() {
			pre.ClientID = d.Client.Client.ID
		}
		if d.SeverityGiven {
			pre.Severity = d.Severity
		}
		return s.Dialogs.OpenIncidentWith(ctx, r, clients, pre)
	}
	today := s.Today()
	logged, err := s.DB.LogIncident(ctx, deliveryOf(r), storage.IncidentInput{
		ClientID: d.Client.Client.ID, Category: d.Category, Severity: d.Severity,
		Description: d.Description, Evidence: d.Links, OccurredOn: today, Source: storage.SourceCommand,
		Payment: d.Payment,
	}, dialogs.RecentSpan(today))
	return replyToWrite(ctx, r, err, func() bot.Message {
		return dialogs.IncidentMessage(s.Catalog.For(r.Lang), dialogs.IncidentReply{Incident: logged.Incident, Recent: logged.Recent, Currency: s.Currency})
	})
}

// incidentHelp is the generated usage plus the vocabulary: categories with
// their labels, severities, an example.
func (s *Set) incidentHelp(ctx context.Context, r *bot.Request, _ string) error {
	p := s.Catalog.For(r.Lang)
	c := s.incidentCommand()
	var b strings.Builder
	b.WriteString(s.usage(p, &c))
	b.WriteString("\n" + p.T("cmd.incident.help_categories") + "\n")
	for _, cat := range ledger.Categories() {
		fmt.Fprintf(&b, "• `%s` — %s\n", cat, dialogs.CategoryLabel(p, cat))
	}
	b.WriteString("\n" + p.T("cmd.incident.help_severity") + "\n")
	b.WriteString(p.T("cmd.incident.help_example"))
	text := b.String()
	return r.Reply(ctx, bot.Message{Text: text, Blocks: textBlocks(text)})
}
