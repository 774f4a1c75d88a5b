package dialogs

import (
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/bot/blockkit"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/strain"
)

// The strain poll's channel message: while open only how many answered and
// when it closes (any figure that moved with each vote would give the vote
// away); once closed the final average, distribution and comments, when
// enough answered.

// How much of a closed poll's comments the message shows.
const (
	pollCommentsShown = 10
	pollBarWidth      = 10
)

// PollCard is what the poll message shows.
type PollCard struct {
	PollID   int64
	Client   string
	Answers  int  // how many answered
	Min      int  // STRAIN_MIN_ANSWERS, for the words
	Shown    bool // closed with enough answers: Tally and Comments are the result
	Tally    strain.Tally
	ClosesAt time.Time
	Zone     *time.Location // the team's zone, for the closing time
	Closed   bool
	Comments []string // a closed poll's, when its result is shown
	// VoteIDs are the action_ids of the score buttons, from voteActionIDs:
	// opaque, so no log line or dedupe key shows which score was pressed.
	VoteIDs [strain.MaxScore]string
}

// PollMessage renders the poll in the poster's language.
func PollMessage(p *locale.Printer, c PollCard) bot.Message {
	if c.Closed {
		return closedPollMessage(p, c)
	}
	name := bot.Escape(c.Client)
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn(p.T("strain.poll.question", map[string]any{"Name": name})+"\n"+p.T("strain.poll.scale")), nil, nil),
		slack.NewActionBlock(BlockPollVote, voteButtons(p, c)...),
	}
	status := []string{
		p.N("strain.poll.count", c.Answers),
		p.T("strain.poll.closes", map[string]any{"When": When(p, c.ClosesAt, c.Zone)}),
		p.T("strain.poll.hidden", map[string]any{"Min": c.Min}),
	}
	blocks = append(blocks, slack.NewContextBlock(BlockPollStatus, mrkdwn(locale.Clip(strings.Join(status, " "), blockkit.MaxContextText))))
	value := strconv.FormatInt(c.PollID, 10)
	blocks = append(blocks, slack.NewActionBlock(BlockPollMore,
		slack.NewButtonBlockElement(ActionPollWhy, value, plain(p.T("strain.poll.say_why"))),
		slack.NewButtonBlockElement(ActionPollClose, value, plain(p.T("strain.poll.close"))),
	))
	return bot.Message{Text: p.T("strain.poll.fallback", map[string]any{"Name": name}), Blocks: blocks}
}

func voteButtons(p *locale.Printer, c PollCard) []slack.BlockElement {
	buttons := make([]slack.BlockElement, 0, strain.MaxScore)
	for s := strain.MinScore; s <= strain.MaxScore; s++ {
		text := p.T("strain.poll.button", map[string]any{"Score": s, "Label": ScoreLabel(p, s)})
		buttons = append(buttons, slack.NewButtonBlockElement(c.VoteIDs[s-1], VoteValue(c.PollID, s), plain(locale.Clip(text, blockkit.MaxButtonText))))
	}
	return buttons
}

func closedPollMessage(p *locale.Printer, c PollCard) bot.Message {
	name := bot.Escape(c.Client)
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(p.T("strain.poll.closed_question", map[string]any{"Name": name})), nil, nil)}
	answers := p.N("count.answers", c.Answers)
	if !c.Shown {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(p.T("strain.poll.final_hidden", map[string]any{"Answers": answers, "Min": c.Min})), nil, nil))
		return bot.Message{Text: p.T("strain.poll.closed_fallback", map[string]any{"Name": name}), Blocks: blocks}
	}
	blocks = append(blocks,
		slack.NewSectionBlock(mrkdwn(p.T("strain.poll.final", map[string]any{"Average": p.Decimal(c.Tally.Average(), 1), "Answers": answers})), nil, nil),
		barsBlock(c.Tally))
	blocks = append(blocks, commentBlocks(p, c.Comments)...)
	return bot.Message{Text: p.T("strain.poll.closed_fallback", map[string]any{"Name": name}), Blocks: blocks}
}

// barsBlock draws the distribution in a code block, so the bars line up.
func barsBlock(t strain.Tally) slack.Block {
	return slack.NewSectionBlock(mrkdwn("```"+strings.Join(t.Bars(pollBarWidth), "\n")+"```"), nil, nil)
}

// commentBlocks quotes the comments, a few to a section.
func commentBlocks(p *locale.Printer, comments []string) []slack.Block {
	if len(comments) == 0 {
		return nil
	}
	shown := comments[:min(len(comments), pollCommentsShown)]
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(p.T("strain.poll.comments")), nil, nil)}
	lines := make([]string, len(shown))
	for i, c := range shown {
		lines[i] = "> " + strings.ReplaceAll(bot.Escape(locale.Clip(strings.TrimSpace(c), strain.MaxCommentRunes)), "\n", "\n> ")
	}
	blocks = append(blocks, blockkit.Sections(lines, blockkit.MaxSectionText)...)
	if more := len(comments) - len(shown); more > 0 {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(p.N("strain.poll.comments_more", more))))
	}
	return blocks
}

// ScoreLabel is a score's short label: 1 "not at all" to 5 "very much".
func ScoreLabel(p *locale.Printer, score int) string {
	return p.T("strain.label.s" + strconv.Itoa(score))
}

// When is a closing time as voters read it: in the team's zone, named.
func When(p *locale.Printer, t time.Time, zone *time.Location) string {
	if zone == nil {
		zone = time.UTC
	}
	return p.T("strain.when", map[string]any{"DateTime": p.DateTime(t.In(zone)), "Zone": zone.String()})
}

// VoteValue is a score button's value: the poll and the score.
func VoteValue(pollID int64, score int) string {
	return strconv.FormatInt(pollID, 10) + ":" + strconv.Itoa(score)
}

// ParseVoteValue reads VoteValue; ok is false for anything else.
func ParseVoteValue(v string) (pollID int64, score int, ok bool) {
	id, s, found := strings.Cut(v, ":")
	if !found {
		return 0, 0, false
	}
	pollID, err := strconv.ParseInt(id, 10, 64)
	if err != nil || pollID <= 0 {
		return 0, 0, false
	}
	score, err = strconv.Atoi(s)
	if err != nil || !strain.ValidScore(score) {
		return 0, 0, false
	}
	return pollID, score, true
}

// voteActionIDs are a poll's score buttons' action_ids: the shared prefix
// routes them, the keyed rest keeps the score out of them.
func voteActionIDs(secret []byte, teamID string, pollID int64) [strain.MaxScore]string {
	var ids [strain.MaxScore]string
	for s := strain.MinScore; s <= strain.MaxScore; s++ {
		ids[s-1] = ActionPollVotePrefix + strain.ButtonID(secret, teamID, pollScope(pollID), s)
	}
	return ids
}

// pollScope names a poll for strain.VoterKey.
func pollScope(pollID int64) string { return "poll:" + strconv.FormatInt(pollID, 10) }
