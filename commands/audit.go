package commands

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/bot/blockkit"
	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
)

// auditShown is how many entries /tact audit shows.
const auditShown = 25

// auditKeys are the values an entry may hold, in the order they are told.
func auditKeys() []string {
	return append([]string{"status", "until", "path", "amount_minor", "per_hour_minor", "period", "from", "department",
		"category", "severity", "day", "text_edited", "kind", "format", "added", "present", "skipped", "clients_created", "removed", "months", "everything", "erased"}, settingKeys()...)
}

// tactAudit is `/tact audit [<client>]`: the latest manager actions.
func (s *Set) tactAudit(ctx context.Context, r *bot.Request, args string) error {
	p := s.Catalog.For(r.Lang)
	clients, err := s.DB.ListClients(ctx, r.TeamID, true)
	if err != nil {
		return err
	}
	var clientID int64
	title := p.T("audit.title")
	if w := words(bot.Unescape(args)); len(w) > 0 {
		res, ok, err := s.clientFrom(ctx, r, w, true, "/tact audit Acme")
		if !ok {
			return err
		}
		clientID = res.Client.ID
		title = p.T("audit.title_client", map[string]any{"Name": res.Client.Name})
	}
	entries, err := s.DB.Audit(ctx, r.TeamID, clientID, auditShown)
	if err != nil {
		return err
	}
	names := make(map[int64]string, len(clients))
	for _, c := range clients {
		names[c.ID] = c.Name
	}
	lines := make([]string, 0, len(entries))
	for _, e := range entries {
		lines = append(lines, s.auditLine(p, e, names))
	}
	if len(lines) == 0 {
		lines = []string{p.T("audit.empty")}
	}
	blocks := append([]slack.Block{slack.NewHeaderBlock(plainText(locale.Clip(title, blockkit.MaxHeaderText)))},
		blockkit.SectionsUpTo(lines, blockkit.MaxMessageBlocks-2, nil)...)
	blocks = append(blocks, blockkit.Context(p.T("audit.footer")))
	return r.Reply(ctx, bot.Message{Text: title, Blocks: blocks})
}

// auditLine tells one entry: when, who, what, and what changed.
func (s *Set) auditLine(p *locale.Printer, e storage.AuditEntry, names map[int64]string) string {
	c := e.Change
	client := ""
	if c.ClientID != 0 {
		client = names[c.ClientID]
		if client == "" {
			client = p.T("audit.client_gone", map[string]any{"ID": c.ClientID})
		}
		client = "*" + bot.Escape(client) + "*"
	}
	subject := bot.Escape(c.Subject)
	switch c.Action {
	case storage.AuditDepartment:
		subject = "<@" + c.Subject + ">"
	case storage.AuditSetting:
		subject = p.T("audit.setting." + c.Subject)
	}
	action := c.Action
	if action == storage.AuditExport && c.ClientID == 0 {
		action += "_all"
	}
	what := p.T("audit.action."+action, map[string]any{"Client": client, "Subject": subject})
	if changes := auditChanges(p, c, s.Currency); changes != "" {
		what += ": " + changes
	}
	return p.T("audit.line", map[string]any{"When": p.DateTime(e.At.In(s.Location)), "Who": "<@" + e.Actor + ">", "What": what})
}

// auditChanges tells an entry's values: "before → after" for a change,
// the value alone for a new one.
func auditChanges(p *locale.Printer, c storage.Change, currency string) string {
	var parts []string
	for _, k := range auditKeys() {
		b, hasB := c.Before[k]
		a, hasA := c.After[k]
		switch {
		case !hasA && !hasB, hasA && hasB && fmt.Sprint(a) == fmt.Sprint(b) && k != "status":
			continue
		case hasA && hasB:
			parts = append(parts, p.T("audit.change", map[string]any{"Field": p.T("audit.field." + k),
				"Before": auditValue(p, k, b, currency), "After": auditValue(p, k, a, currency)}))
		case hasA:
			parts = append(parts, p.T("audit.value", map[string]any{"Field": p.T("audit.field." + k), "Value": auditValue(p, k, a, currency)}))
		default:
			parts = append(parts, p.T("audit.removed", map[string]any{"Field": p.T("audit.field." + k), "Value": auditValue(p, k, b, currency)}))
		}
	}
	return strings.Join(parts, ", ")
}

// auditValue formats a value by what its key holds.
func auditValue(p *locale.Printer, key string, v any, currency string) string {
	if text, ok := settingValue(p, key, v, currency); ok {
		return text
	}
	s := fmt.Sprint(v)
	switch key {
	case "amount_minor", "per_hour_minor":
		if f, ok := v.(float64); ok {
			if f == 0 {
				return p.T("audit.unset")
			}
			return p.Money(int64(f), currency)
		}
	case "from", "until", "day":
		if d, err := time.Parse(time.DateOnly, s); err == nil {
			return p.Date(d)
		}
	case "status":
		return dialogs.StatusLabel(p, ledger.Status(s), time.Time{})
	case "category":
		return dialogs.CategoryLabel(p, ledger.Category(s))
	case "severity":
		return p.T("incident.severity." + s)
	case "text_edited":
		return p.T("audit.yes")
	case "period":
		return p.T("audit.period." + s)
	case "months":
		if f, ok := v.(float64); ok && f > 0 {
			return p.N("audit.months", int(f))
		}
		return p.T("audit.forever")
	case "everything":
		if v == true {
			return p.T("audit.yes")
		}
		return p.T("audit.no")
	case "added", "present", "skipped", "clients_created", "removed", "erased":
		if f, ok := v.(float64); ok {
			return p.Number(int64(f))
		}
	case "department":
		if s == "" {
			return p.T("audit.unset")
		}
	case "kind":
		return p.T("import.start." + s)
	case "format":
		return p.T("import.format." + s)
	case "path":
		return p.T("audit.path." + s)
	}
	return bot.Escape(s)
}

func plainText(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
}

// settingKeys are the workspace settings' keys in the log, as
// storage.SaveSettings writes them.
func settingKeys() []string {
	return []string{"digest_channel", "digest_day", "digest_time", "managers", "currency", "time_zone",
		"language", "pulse", "pulse_day", "poll_hours", "min_answers", "cac_minor", "floor_minor"}
}

// settingValue formats a workspace setting's value; ok is false for keys
// that are not settings. Zero values are unset: the default applied.
func settingValue(p *locale.Printer, key string, v any, currency string) (string, bool) {
	s := fmt.Sprint(v)
	n, isNumber := v.(float64)
	switch {
	case s == "" || s == "0" || s == "[]" || v == nil:
		if slices.Contains(settingKeys(), key) {
			return p.T("audit.default"), true
		}
		return "", false
	case key == "digest_channel":
		return "<#" + s + ">", true
	case (key == "digest_day" || key == "pulse_day") && isNumber:
		return p.WeekdayLong(time.Weekday(int(n) % 7)), true
	case key == "managers":
		ids, _ := v.([]any)
		out := make([]string, 0, len(ids))
		for _, id := range ids {
			out = append(out, fmt.Sprint(id))
		}
		return p.List(bot.Mentions(out)), true
	case key == "language":
		return p.T("settings.lang." + s), true
	case key == "pulse":
		return p.T("settings.pulse_" + s), true
	case key == "poll_hours" && isNumber:
		return p.Hours(int(n) * 60), true
	case (key == "cac_minor" || key == "floor_minor") && isNumber:
		return p.Money(int64(n), currency), true
	case key == "digest_time", key == "currency", key == "time_zone", key == "min_answers":
		return bot.Escape(s), true
	}
	return "", false
}
