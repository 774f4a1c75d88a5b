package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/slack-go/slack"
)

// Posting exactly once across a lost answer: a job posts with message
// metadata naming what the message is (its Mark), and a retry whose
// earlier attempt may have reached the channel looks for that mark in the
// channel's history (conversations.history with include_all_metadata)
// before posting again.

// historyPages bounds how far back FindPosted reads; with historyPageSize
// that is the last 1,000 messages since the oldest time asked for.
const (
	historyPages    = 5
	historyPageSize = 200
)

// Mark is message metadata identifying a message a job posts: an event
// type and string fields (https://docs.slack.dev/messaging/message-metadata).
type Mark struct {
	EventType string
	Payload   map[string]string
}

// Option is the chat.postMessage option that attaches the mark.
func (m Mark) Option() slack.MsgOption {
	payload := make(map[string]any, len(m.Payload))
	for k, v := range m.Payload {
		payload[k] = v
	}
	return slack.MsgOptionMetadata(slack.SlackMetadata{EventType: m.EventType, EventPayload: payload})
}

// matches reports whether a message's metadata carries the mark.
func (m Mark) matches(md slack.SlackMetadata) bool {
	if md.EventType != m.EventType {
		return false
	}
	for k, v := range m.Payload {
		if s, ok := md.EventPayload[k].(string); !ok || s != v {
			return false
		}
	}
	return true
}

// FindPosted returns the ts of the newest message in channel posted since
// oldest that carries mark; "" when there is none.
func (c *Client) FindPosted(ctx context.Context, channel string, mark Mark, oldest time.Time) (string, error) {
	params := &slack.GetConversationHistoryParameters{
		ChannelID:          channel,
		IncludeAllMetadata: true,
		Limit:              historyPageSize,
		Oldest:             strconv.FormatInt(oldest.Unix(), 10) + ".000000",
	}
	for range historyPages {
		h, err := c.GetConversationHistoryContext(ctx, params)
		if err != nil {
			return "", fmt.Errorf("conversations.history: %w", err)
		}
		for _, msg := range h.Messages {
			if mark.matches(msg.Metadata) {
				return msg.Timestamp, nil
			}
		}
		if !h.HasMore || h.ResponseMetaData.NextCursor == "" {
			return "", nil
		}
		params.Cursor = h.ResponseMetaData.NextCursor
	}
	return "", nil
}

// Refused reports whether Slack answered a call with a refusal (an error
// response, HTTP 429 after the client's retries, another HTTP status):
// then nothing was posted. A network error or a cut-off call leaves that
// unknown.
func Refused(err error) bool {
	var se slack.SlackErrorResponse
	var rl *slack.RateLimitedError
	var sc slack.StatusCodeError
	return errors.As(err, &se) || errors.As(err, &rl) || errors.As(err, &sc)
}
