package main

import (
	"context"
	"fmt"
	"io"

	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
)

// runDemo fills the database with a demo workspace and prints what the bot
// would show, so a newcomer sees the product without Slack.
func runDemo(ctx context.Context, db *storage.DB, cat *locale.Catalog, cfg *config, out io.Writer) error {
	p := cat.For(cfg.DefaultLocale)
	fmt.Fprintln(out, p.T("demo.title"))
	return nil
}
