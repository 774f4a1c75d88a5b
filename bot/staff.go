package bot

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/slack-go/slack"
)

// Staff only: Tact shows revenue, rates, incidents and strain, which are
// for the workspace's own members. Guests (restricted and ultra-restricted
// accounts) and people of another organisation (Slack Connect) are refused
// every command, button and modal here, before any handler runs.

// Workspace is the organisation whose members are staff: the team from
// auth.test and, on Enterprise Grid, its enterprise (whose other
// workspaces are the same organisation).
type Workspace struct{ TeamID, EnterpriseID string }

// refusal is the catalogue id of why userID may not use Tact, "" for staff.
// A failed lookup lets the person through: Slack being briefly unable to
// say who someone is must not lock the whole team out, and Slack's own
// answer, once it comes, is cached for an hour.
func (p *People) refusal(ctx context.Context, userID string, ws Workspace) string {
	who := p.lookup(ctx, userID)
	switch {
	case !who.known:
		return ""
	case who.guest:
		return "staff.guest"
	case ws.TeamID == "" || who.teamID == ws.TeamID:
		return ""
	case ws.EnterpriseID != "" && who.enterpriseID == ws.EnterpriseID:
		return ""
	}
	return "staff.outsider"
}

// refuseNonStaff answers a guest or outsider politely, in their language,
// the way the request's kind allows, and reports whether it did. The log
// line names neither the person nor what they pressed beyond its kind and
// key, so a refused vote is not traceable either.
func (rt *Runtime) refuseNonStaff(ctx context.Context, req *Request, log *slog.Logger) bool {
	if req.UserID == "" {
		return false
	}
	id := req.people.refusal(ctx, req.UserID, req.workspace)
	if id == "" {
		return false
	}
	log.Info("request from outside the staff refused", "reason", id)
	text := rt.text(req, id, nil)
	switch req.Kind {
	case KindSuggestion:
		req.Ack(Options(nil))
	case KindViewClosed:
	case KindEvent:
		if err := publishNotice(ctx, req.API, req.UserID, text); err != nil {
			log.Warn("could not show the refusal on Home", "err", err)
		}
	default:
		rt.tell(ctx, req, text, log)
	}
	return true
}

// publishNotice replaces the person's Home tab with one paragraph.
func publishNotice(ctx context.Context, api *Client, userID, text string) error {
	view := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{
		slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, text, false, false), nil, nil),
	}}}
	if _, err := api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: userID, View: view}); err != nil {
		return fmt.Errorf("views.publish: %w", err)
	}
	return nil
}

// SharedWithOtherOrg reports whether channel is a Slack Connect channel,
// shared with another organisation (conversations.info is_ext_shared).
func (c *Client) SharedWithOtherOrg(ctx context.Context, channel string) (bool, error) {
	ch, err := c.GetConversationInfoContext(ctx, &slack.GetConversationInfoInput{ChannelID: channel})
	if err != nil {
		return false, fmt.Errorf("conversations.info %s: %w", channel, err)
	}
	return ch.IsExtShared, nil
}
