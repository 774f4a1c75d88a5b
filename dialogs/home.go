package dialogs

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/bot/blockkit"
	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
)

// The App Home tab: this week's digest so far, the person's own hours and
// buttons to log what happened; managers also get the farewell wizard.
// It is rebuilt every time it is opened, so it is never stale.

// Home tab budgets: Slack allows 100 blocks in a Home view.
const (
	homeMaxBlocks   = blockkit.MaxViewBlocks
	homeOwnClients  = 8 // clients named in the person's own hours
	homeOwnLineChar = 1000
)

func (d *Dialogs) registerHome(r *bot.Router) {
	r.Event(EventHomeOpened, d.scoped((*Dialogs).openHome))
}

// openHome publishes the Home tab of the person who opened it.
func (d *Dialogs) openHome(ctx context.Context, r *bot.Request) error {
	if r.UserID == "" {
		return nil // a malformed event: there is nobody to publish for
	}
	if r.Event != nil {
		// The event also fires for the Messages tab, which has nothing to publish.
		if e, ok := r.Event.Data.(*slackevents.AppHomeOpenedEvent); ok && e.Tab != "" && e.Tab != "home" {
			return nil
		}
	}
	manager, err := r.IsManager(ctx)
	if err != nil {
		return fmt.Errorf("checking manager: %w", err)
	}
	p := d.Catalog.For(r.Lang)
	var blocks []slack.Block
	view, err := d.LoadHome(ctx, r.TeamID, r.UserID, manager)
	switch {
	case errors.Is(err, storage.ErrUnavailable):
		// Opening Home saves nothing: say the figures are away, on the tab
		// itself, rather than a DM about saving.
		blocks = []slack.Block{slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, p.T("home.unavailable"), false, false), nil, nil)}
	case err != nil:
		return err
	default:
		blocks = HomeBlocks(p, view)
	}
	_, err = r.API.PublishViewContext(ctx, slack.PublishViewContextRequest{
		UserID: r.UserID,
		View:   slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}},
	})
	if err != nil {
		return fmt.Errorf("views.publish for %s: %w", r.UserID, err)
	}
	return nil
}

// DigestReport builds the digest of week from the database. This week is
// counted up to today, revenue as well as hours, so the card, the list,
// Home and /digest now share one set of figures.
func (d *Dialogs) DigestReport(ctx context.Context, teamID string, week digest.Week) (digest.Report, error) {
	in, err := d.DB.DigestInput(ctx, teamID, week, d.Location)
	if err != nil {
		return digest.Report{}, err
	}
	if today := d.Today(); week.Contains(today) {
		in.Through = today
	}
	return digest.Build(in), nil
}

// ReportSoFar is this week's report up to today.
func (d *Dialogs) ReportSoFar(ctx context.Context, teamID string) (digest.Report, error) {
	return d.DigestReport(ctx, teamID, digest.WeekOf(d.Now(), d.Location))
}

// HomeView is what a person's Home tab shows.
type HomeView struct {
	Digest  DigestView              // this week so far
	Mine    []storage.ClientMinutes // the person's hours this week, most first
	Updated time.Time               // when it was built, in the team's zone
}

// LoadHome gathers userID's Home tab: this week so far and their hours.
func (d *Dialogs) LoadHome(ctx context.Context, teamID, userID string, manager bool) (HomeView, error) {
	now := d.Now().In(d.Location)
	week := digest.WeekOf(now, d.Location)
	report, err := d.DigestReport(ctx, teamID, week)
	if err != nil {
		return HomeView{}, err
	}
	mine, err := d.DB.UserHoursByClient(ctx, teamID, userID, week.Span())
	if err != nil {
		return HomeView{}, err
	}
	return HomeView{
		Digest:  DigestView{Report: report, Currency: d.Currency, Scope: DigestSoFar, AsOf: ledger.DayIn(now, d.Location), Farewell: manager},
		Mine:    mine,
		Updated: now,
	}, nil
}

// HomeBlocks renders the Home tab within Slack's 100 blocks.
func HomeBlocks(p *locale.Printer, h HomeView) []slack.Block {
	w := h.Digest.Report.Week
	blocks := []slack.Block{
		slack.NewHeaderBlock(plain(locale.Clip(p.T("home.title"), blockkit.MaxHeaderText))),
		slack.NewContextBlock("", mrkdwn(p.T("home.updated", map[string]any{"Range": p.DateRange(w.Start, w.End), "Time": p.Time(h.Updated)}))),
		blockkit.Section(ownHours(p, h.Mine)),
		slack.NewActionBlock("",
			slack.NewButtonBlockElement(ActionLogIncident, "", plain(locale.Clip(p.T("home.log_incident"), blockkit.MaxButtonText))),
			slack.NewButtonBlockElement(ActionLogHours, "", plain(locale.Clip(p.T("home.log_hours"), blockkit.MaxButtonText))),
		),
		slack.NewDividerBlock(),
		slack.NewSectionBlock(mrkdwn(p.T("home.clients")), nil, nil),
	}
	// The closing hint takes the last block.
	blocks = append(blocks, DigestHomeBlocks(p, h.Digest, homeMaxBlocks-len(blocks)-1)...)
	return append(blocks, slack.NewContextBlock("", mrkdwn(p.T("home.hint"))))
}

// ownHours is the person's time this week, with the clients it went on.
func ownHours(p *locale.Printer, mine []storage.ClientMinutes) string {
	total := 0
	for _, m := range mine {
		total += m.Minutes
	}
	if total == 0 {
		return p.T("home.your_hours_none")
	}
	parts := make([]string, 0, homeOwnClients)
	for _, m := range mine[:min(len(mine), homeOwnClients)] {
		parts = append(parts, p.T("home.your_client", map[string]any{"Name": bot.Escape(m.Name), "Hours": p.Duration(m.Minutes)}))
	}
	list := strings.Join(parts, ", ")
	if len(mine) > homeOwnClients {
		list += ", …"
	}
	return p.T("home.your_hours", map[string]any{"Hours": p.Duration(total)}) + "\n" + locale.Clip(list, homeOwnLineChar)
}
