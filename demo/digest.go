package demo

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
)

// demoDigest prints last week's digest of the demo workspace as the digest
// channel would get it: the message, then its thread replies.
func demoDigest(ctx context.Context, db *storage.DB, cat *locale.Catalog, cfg *Config, out io.Writer) error {
	p := cat.For(cfg.DefaultLocale)
	week := digest.WeekOf(time.Now(), cfg.Location).Prev()
	in, err := db.DigestInput(ctx, demoTeam, week, cfg.Location)
	if err != nil {
		return fmt.Errorf("building the demo digest: %w", err)
	}
	msg, thread := dialogs.DigestMessages(p, dialogs.DigestView{Report: digest.Build(in), Currency: cfg.Currency, Farewell: true})
	fmt.Fprintln(out)
	fmt.Fprintln(out, p.T("digest.demo"))
	renderBlocks(out, msg.Blocks)
	for _, m := range thread {
		fmt.Fprintln(out)
		renderBlocks(out, m.Blocks)
	}
	return nil
}
