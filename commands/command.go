// Package commands serves Tact's slash commands: each command is a
// definition (name, usage, summary, who may run it, handler) from which the
// router, the help text and the app manifest's command list all come.
package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/bot/blockkit"
	"github.com/tact-bot/tact/locale"
)

// Command is one slash command.
type Command struct {
	Name      string // "/tact"
	Summary   string // catalogue id of the one-line description
	UsageHint string // the manifest's usage hint (grammar, not translated)
	Subs      []Sub
	// Default runs when the first word is not a subcommand (e.g. `/hours acme 2h`).
	// Without it, such text gets help.
	Default Run
	// Help replaces the generated usage for `help` and an empty text.
	Help Run
}

// Sub is one subcommand: `/client add <name>`.
type Sub struct {
	Name    string // first word; "" matches an empty text
	Usage   string // grammar shown in help, e.g. "add <name>"
	Summary string // catalogue id
	Manager bool   // refused server-side for non-managers
	Run     Run
}

// Run handles a command; args is the text after the subcommand word.
type Run func(ctx context.Context, r *bot.Request, args string) error

// Set is every command of the product, shared by the router, the help and
// the manifest test.
type Set struct {
	Deps
	Commands []Command
}

// Register adds every command to the router.
func (s *Set) Register(router *bot.Router) {
	for i, c := range s.Commands {
		router.Command(c.Name, s.scoped(func(t *Set, ctx context.Context, r *bot.Request) error {
			return t.dispatch(ctx, &t.Commands[i], r)
		}))
	}
	s.registerDigestActions(router)
}

func (s *Set) dispatch(ctx context.Context, c *Command, r *bot.Request) error {
	text := strings.TrimSpace(r.Command.Text)
	word, rest, _ := strings.Cut(text, " ")
	word = strings.ToLower(word)
	for _, sub := range c.Subs {
		if sub.Name != word {
			continue
		}
		if sub.Manager {
			if ok, err := s.requireManager(ctx, r); !ok || err != nil {
				return err
			}
		}
		return sub.Run(ctx, r, strings.TrimSpace(rest))
	}
	switch {
	case (word == "" || word == "help" || word == "?") && c.Help != nil:
		return c.Help(ctx, r, "")
	case word == "" || word == "help" || word == "?":
		return s.replyHelp(ctx, r, c, "")
	case c.Default != nil:
		return c.Default(ctx, r, text)
	}
	return s.replyHelp(ctx, r, c, word)
}

// requireManager refuses non-managers, naming who can act instead.
func (s *Set) requireManager(ctx context.Context, r *bot.Request) (bool, error) {
	ok, err := r.IsManager(ctx)
	if err != nil {
		return false, fmt.Errorf("checking manager: %w", err)
	}
	if ok {
		return true, nil
	}
	return false, Refuse(ctx, r, s.Catalog)
}

// Refuse tells a non-manager who may do what they tried.
func Refuse(ctx context.Context, r *bot.Request, cat *locale.Catalog) error {
	p := cat.For(r.Lang)
	text := p.T("error.not_manager_none")
	if m := r.Managers(ctx); m != "" {
		text = p.T("error.not_manager", map[string]any{"Managers": m})
	}
	return r.Reply(ctx, bot.Message{Text: text})
}

// replyHelp answers with the command's usage; unknown names the word that
// was not understood.
func (s *Set) replyHelp(ctx context.Context, r *bot.Request, c *Command, unknown string) error {
	p := s.Catalog.For(r.Lang)
	var b strings.Builder
	if unknown != "" {
		b.WriteString(p.T("error.unknown_subcommand", map[string]any{"Sub": bot.Escape(locale.Clip(unknown, 40))}))
		b.WriteString("\n\n")
	}
	b.WriteString(s.usage(p, c))
	return r.Reply(ctx, bot.Message{Text: b.String(), Blocks: textBlocks(b.String())})
}

// usage renders one command's subcommands, one per line.
func (s *Set) usage(p *locale.Printer, c *Command) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*%s* — %s\n", c.Name, p.T(c.Summary))
	for _, sub := range c.Subs {
		line := strings.TrimSpace(c.Name + " " + sub.Usage)
		fmt.Fprintf(&b, "• `%s` — %s", line, p.T(sub.Summary))
		if sub.Manager {
			b.WriteString(" " + p.T("help.manager_only"))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// textBlocks splits long text into sections within Slack's limit, breaking
// at line ends.
func textBlocks(text string) []slack.Block {
	return blockkit.Sections(strings.Split(strings.TrimRight(text, "\n"), "\n"), blockkit.SectionRoom)
}

// entryCommand is the shape of the commands that log an entry (`/hours`,
// `/incident`): a bare command opens the modal; typed text is logged at
// once when complete, else opens the modal with what was understood. name
// is the command without its slash; its catalogue ids follow from it.
func entryCommand(name, grammar string, open, log, help Run) Command {
	return Command{
		Name:      "/" + name,
		Summary:   "cmd." + name + ".summary",
		UsageHint: grammar,
		Subs: []Sub{
			{Name: "", Usage: grammar, Summary: "cmd." + name + ".log", Run: open},
		},
		Default: log,
		Help:    help,
	}
}
