package commands

import (
	"context"
	"strings"

	"github.com/tact-bot/tact/bot"
)

// tactCommand is `/tact`: help and workspace settings.
func (s *Set) tactCommand() Command {
	return Command{
		Name:      "/tact",
		Summary:   "cmd.tact.summary",
		UsageHint: "help | rate <department> <amount>[/h] [from <date>] | dept <@user|me> <department> | departments | settings [show] | cac [<amount>|off] | floor [<amount>/h|off] | lessons | import [undo <id>] | audit [<client>] | retention [<months>|forever] | export",
		Help:      s.allHelp,
		Subs: []Sub{
			{Name: "help", Usage: "help", Summary: "cmd.tact.help", Run: s.allHelp},
			{Name: "rate", Usage: "rate <department> <amount>[/h] [from <date>]", Summary: "cmd.tact.rate", Manager: true, Run: s.tactRate},
			// Anyone may set their own; dept checks managers for others.
			{Name: "dept", Usage: "dept <@user|me> <department>", Summary: "cmd.tact.dept", Run: s.tactDept},
			{Name: "departments", Usage: "departments", Summary: "cmd.tact.departments", Run: s.tactDepartments},
			{Name: "settings", Usage: "settings [show]", Summary: "cmd.tact.settings", Run: s.tactSettings},
			{Name: "cac", Usage: "cac [<amount>|off]", Summary: "cmd.tact.cac", Manager: true, Run: s.tactCAC},
			{Name: "floor", Usage: "floor [<amount>/h|off]", Summary: "cmd.tact.floor", Manager: true, Run: s.tactFloor},
			{Name: "lessons", Usage: "lessons", Summary: "cmd.tact.lessons", Manager: true, Run: s.tactLessons},
			{Name: "import", Usage: "import [undo <id>]", Summary: "cmd.tact.import", Manager: true, Run: s.tactImport},
			{Name: "audit", Usage: "audit [<client>]", Summary: "cmd.tact.audit", Manager: true, Run: s.tactAudit},
			{Name: "export", Usage: "export", Summary: "cmd.tact.export", Manager: true, Run: s.tactExport},
			{Name: "retention", Usage: "retention [<months>|forever]", Summary: "cmd.tact.retention", Manager: true, Run: s.tactRetention},
		},
	}
}

// allHelp lists every command of the product.
func (s *Set) allHelp(ctx context.Context, r *bot.Request, _ string) error {
	p := s.Catalog.For(r.Lang)
	var b strings.Builder
	b.WriteString(p.T("help.intro") + "\n\n")
	for i := range s.Commands {
		c := &s.Commands[i]
		b.WriteString(s.usage(p, c) + "\n")
	}
	text := strings.TrimSpace(b.String())
	return r.Reply(ctx, bot.Message{Text: text, Blocks: textBlocks(text)})
}
