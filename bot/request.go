package bot

import (
	"context"
	"log/slog"
	"sync"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// Handler serves one payload. Handlers for view submissions and block
// suggestions answer through Request.Ack; every other kind is acked before
// its handler runs. Returning an error logs it with a reference and tells the
// user, in their language, that something went wrong.
type Handler func(ctx context.Context, r *Request) error

// Request is one Slack payload as a handler sees it.
type Request struct {
	Kind         Kind
	Key          string // the routing key: command, action_id, callback_id or event type
	EnvelopeID   string
	RetryAttempt int

	TeamID, UserID, ChannelID string
	TriggerID, ResponseURL    string
	// Lang is the user's language ("en" or "ru"), from users.info or the default.
	Lang string

	Command     *slack.SlashCommand
	Interaction *slack.InteractionCallback
	Action      *slack.BlockAction // the action that matched, for KindAction
	Event       *slackevents.EventsAPIInnerEvent
	EventID     string

	API *Client

	ackOnce sync.Once
	ackFn   func(payload any)
	people  *People
	log     *slog.Logger // nil outside the runtime
}

// Ack answers Slack's envelope. Only the first call counts; the runtime acks
// on its own if the handler never does, so calling Ack is needed only to send
// a payload (view_submission response_action, block_suggestion options).
func (r *Request) Ack(payload any) {
	r.ackOnce.Do(func() {
		if r.ackFn != nil {
			r.ackFn(payload)
		}
	})
}

// DeliveryKey identifies what the user did, stable across Slack's
// redeliveries of the same envelope (which may arrive on another replica),
// so writes can store it under a unique constraint.
func (r *Request) DeliveryKey() string {
	if r.Kind == KindView && r.Interaction != nil && r.Interaction.View.ID != "" {
		// A double-clicked submit repeats the view's id and hash.
		return "view:" + r.Interaction.View.ID + ":" + r.Interaction.View.Hash
	}
	return r.envelopeKey()
}

// IsManager reports whether the requesting user may use manager features.
func (r *Request) IsManager(ctx context.Context) (bool, error) {
	return r.people.IsManager(ctx, r.UserID)
}

// Managers lists who may use manager features, as Slack mentions.
func (r *Request) Managers() string { return r.people.ManagerMentions() }

// ViewState is the submitted modal state, empty when there is none.
func (r *Request) ViewState() map[string]map[string]slack.BlockAction {
	if r.Interaction == nil || r.Interaction.View.State == nil {
		return nil
	}
	return r.Interaction.View.State.Values
}

// ViewErrors is the view_submission ack that shows errors beside fields.
func ViewErrors(errs map[string]string) any {
	return map[string]any{"response_action": "errors", "errors": errs}
}

// ViewUpdate is the view_submission ack that replaces the current view.
func ViewUpdate(view slack.ModalViewRequest) any {
	return map[string]any{"response_action": "update", "view": view}
}

// ViewPush is the view_submission ack that pushes a view on the stack.
func ViewPush(view slack.ModalViewRequest) any {
	return map[string]any{"response_action": "push", "view": view}
}

// ViewClear is the view_submission ack that closes the whole stack.
func ViewClear() any { return map[string]any{"response_action": "clear"} }

// Options is the block_suggestion ack.
func Options(opts []*slack.OptionBlockObject) any {
	if opts == nil {
		opts = []*slack.OptionBlockObject{}
	}
	return map[string]any{"options": opts}
}
