package bot

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
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

	ackMu     sync.Mutex
	acked     bool
	fellBack  bool // acked empty by the runtime's deadline, not by the handler
	missed    any  // the first answer the handler gave after that
	fallback  *time.Timer
	ackFn     func(payload any)
	people    *People
	workspace Workspace    // the organisation whose members are staff
	log       *slog.Logger // nil outside the runtime
	// anonymous: the route was registered Anonymous, so the runtime claims
	// no envelope for it.
	anonymous bool
}

// Ack answers Slack's envelope. Only the first call counts; the runtime acks
// on its own if the handler never does, so calling Ack is needed only to send
// a payload (view_submission response_action, block_suggestion options).
// An answer that comes after the runtime's deadline ack is kept, so the
// runtime can tell the person what it would have said.
func (r *Request) Ack(payload any) {
	r.ackMu.Lock()
	defer r.ackMu.Unlock()
	if r.acked {
		if r.fellBack && r.missed == nil && payload != nil {
			r.missed = payload
		}
		return
	}
	r.acked = true
	if r.ackFn != nil {
		r.ackFn(payload)
	}
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
func (r *Request) Managers(ctx context.Context) string { return r.people.ManagerMentions(ctx) }

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

func newRequest(evt socketmode.Event) *Request {
	req := &Request{}
	if evt.Request != nil {
		req.EnvelopeID, req.RetryAttempt = evt.Request.EnvelopeID, evt.Request.RetryAttempt
	}
	switch data := evt.Data.(type) {
	case slack.SlashCommand:
		req.Kind, req.Key, req.Command = KindCommand, data.Command, &data
		req.TeamID, req.UserID, req.ChannelID = data.TeamID, data.UserID, data.ChannelID
		req.TriggerID, req.ResponseURL = data.TriggerID, data.ResponseURL
	case slack.InteractionCallback:
		fillInteraction(req, &data)
	case slackevents.EventsAPIEvent:
		req.Kind, req.Key, req.TeamID = KindEvent, data.InnerEvent.Type, data.TeamID
		req.Event = &data.InnerEvent
		if cb, ok := data.Data.(*slackevents.EventsAPICallbackEvent); ok {
			req.EventID = cb.EventID
		}
		switch e := data.InnerEvent.Data.(type) {
		case *slackevents.AppHomeOpenedEvent:
			req.UserID, req.ChannelID = e.User, ""
		case *slackevents.MessageEvent:
			// A person's message; the bot's own have no one to answer.
			if e.BotID == "" {
				req.UserID, req.ChannelID = e.User, e.Channel
			}
		}
	}
	return req
}

func fillInteraction(req *Request, cb *slack.InteractionCallback) {
	req.Interaction = cb
	req.TeamID, req.UserID, req.ChannelID = cb.Team.ID, cb.User.ID, cb.Channel.ID
	req.TriggerID, req.ResponseURL = cb.TriggerID, cb.ResponseURL
	switch cb.Type {
	case slack.InteractionTypeBlockActions:
		if len(cb.ActionCallback.BlockActions) > 0 {
			req.Action = cb.ActionCallback.BlockActions[0]
			req.Kind, req.Key = KindAction, req.Action.ActionID
		}
	case slack.InteractionTypeBlockSuggestion:
		req.Kind, req.Key = KindSuggestion, cb.ActionID
	case slack.InteractionTypeViewSubmission:
		req.Kind, req.Key = KindView, cb.View.CallbackID
	case slack.InteractionTypeViewClosed:
		req.Kind, req.Key = KindViewClosed, cb.View.CallbackID
	case slack.InteractionTypeShortcut, slack.InteractionTypeMessageAction:
		req.Kind, req.Key = KindShortcut, cb.CallbackID
	}
	if req.TeamID == "" {
		req.TeamID = cb.View.TeamID
	}
}

// envelopeKey is what makes a redelivery recognisable at the runtime level.
// Submissions use the envelope id: a modal resubmitted after a validation
// error is a new delivery with the same view id and hash.
func (r *Request) envelopeKey() string {
	switch {
	case r.Kind == KindEvent && r.EventID != "":
		return "event:" + r.EventID
	case r.Kind == KindView || r.Kind == KindViewClosed || r.TriggerID == "":
		return "envelope:" + r.EnvelopeID
	case r.Kind == KindAction && r.Action != nil:
		return "action:" + r.TriggerID + ":" + r.Action.ActionID
	}
	return string(r.Kind) + ":" + r.TriggerID
}
