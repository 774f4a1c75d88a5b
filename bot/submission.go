package bot

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot/blockkit"
	"github.com/tact-bot/tact/locale"
)

// A view submission must be answered within Slack's 3 s or the person sees
// an error and may submit twice. The runtime acks it empty at AckDeadline
// after the envelope arrived, whatever the database and Slack are doing;
// when the handler's outcome then turns out to be a failure (or an answer
// the closed modal can no longer show), the person is told privately, with
// what they entered, so nothing typed is lost.

// startFallback arms the deadline ack, timed from the envelope's arrival.
func (r *Request) startFallback(deadline time.Duration, received time.Time) {
	r.ackMu.Lock()
	defer r.ackMu.Unlock()
	r.fallback = time.AfterFunc(max(0, deadline-time.Since(received)), r.fallbackAck)
}

// stopFallback disarms the deadline ack once the request is over.
func (r *Request) stopFallback() {
	r.ackMu.Lock()
	defer r.ackMu.Unlock()
	if r.fallback != nil {
		r.fallback.Stop()
	}
}

func (r *Request) fallbackAck() {
	r.ackMu.Lock()
	defer r.ackMu.Unlock()
	if r.acked {
		return
	}
	r.acked, r.fellBack = true, true
	if r.ackFn != nil {
		r.ackFn(nil)
	}
}

// ackIfPending acks with payload when nothing has been acked yet.
func (r *Request) ackIfPending(payload any) bool {
	r.ackMu.Lock()
	defer r.ackMu.Unlock()
	if r.acked {
		return false
	}
	r.acked = true
	if r.ackFn != nil {
		r.ackFn(payload)
	}
	return true
}

// lateState reports whether the deadline ack answered the envelope, and the
// handler's answer that came too late for it.
func (r *Request) lateState() (fellBack bool, missed any) {
	r.ackMu.Lock()
	defer r.ackMu.Unlock()
	return r.fellBack, r.missed
}

// tellMissed tells the person what a handler answered after the deadline
// ack closed their modal: errors beside fields become a message saying it
// was not saved and why; any other answer (a next step, a confirmation)
// can't be shown, so they are asked to check.
func (rt *Runtime) tellMissed(ctx context.Context, req *Request, log *slog.Logger) {
	fellBack, missed := req.lateState()
	if req.Kind != KindView || !fellBack || missed == nil {
		return // a late search answer just finds no one waiting
	}
	p := rt.cfg.Catalog.For(rt.lang(req))
	reason := p.T("submission.late_answer")
	if m, ok := missed.(map[string]any); ok && m["response_action"] == "errors" {
		if errs, ok := m["errors"].(map[string]string); ok {
			reason = p.T("submission.late_errors", map[string]any{"Problems": problems(errs)})
		}
	}
	log.Warn("handler answered after the deadline ack; telling the user privately")
	rt.tellSubmitter(ctx, req, reason, log)
}

// problems is the field errors as one sentence list, in a stable order.
func problems(errs map[string]string) string {
	keys := make([]string, 0, len(errs))
	for k := range errs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		out = append(out, Escape(errs[k]))
	}
	return strings.Join(out, " ")
}

// tellSubmitter answers a submission whose modal is already closed: an
// ephemeral message where the modal was opened from when that is known,
// else a DM. reason says whether it was saved, was not, or may have been.
func (rt *Runtime) tellSubmitter(ctx context.Context, req *Request, reason string, log *slog.Logger) {
	p := rt.cfg.Catalog.For(rt.lang(req))
	var view slack.View
	if req.Interaction != nil {
		view = req.Interaction.View
	}
	form := p.T("notice.title")
	if view.Title != nil && view.Title.Text != "" {
		form = view.Title.Text
	}
	text := p.T("submission.about", map[string]any{"Form": Escape(form)}) + "\n" + reason + "\n" + p.T("submission.retry")
	if entered := echo(view, p); entered != "" {
		text += "\n\n*" + p.T("submission.entered") + "*\n" + entered
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), tellTimeout)
	defer cancel()
	channel := req.ChannelID
	if channel == "" && rt.cfg.SubmissionChannel != nil {
		channel = rt.cfg.SubmissionChannel(view.PrivateMetadata)
	}
	if channel != "" && req.UserID != "" {
		_, err := req.API.PostEphemeralContext(ctx, channel, req.UserID, slack.MsgOptionText(locale.Clip(text, blockkit.MaxMessageText), false))
		if err == nil {
			return
		}
		log.Warn("could not answer the submission in its channel; sending a DM", "err", err)
	}
	if req.UserID == "" {
		return
	}
	if _, err := req.API.DM(ctx, req.UserID, Message{Text: locale.Clip(text, blockkit.MaxMessageText)}); err != nil {
		log.Error("could not tell the user about their submission", "err", err)
	}
}

// lang is the requester's language, or the default before it is known.
func (rt *Runtime) lang(req *Request) string {
	if req.Lang != "" {
		return req.Lang
	}
	return rt.cfg.People.DefaultLang()
}

// echo renders what was entered in a submitted modal, one input after
// another in the view's order, labelled as the person saw them. Only what
// the person entered and the form's own labels appear: no ids.
func echo(view slack.View, p *locale.Printer) string {
	if view.State == nil {
		return ""
	}
	var b strings.Builder
	seen := map[string]bool{}
	for _, blk := range view.Blocks.BlockSet {
		in, ok := blk.(*slack.InputBlock)
		if !ok {
			continue
		}
		seen[in.BlockID] = true
		label := in.BlockID
		if in.Label != nil {
			label = in.Label.Text
		}
		echoField(&b, label, view.State.Values[in.BlockID], p)
	}
	// Inputs the view's blocks did not list (a payload without blocks).
	var rest []string
	for id := range view.State.Values {
		if !seen[id] {
			rest = append(rest, id)
		}
	}
	slices.Sort(rest)
	for _, id := range rest {
		echoField(&b, id, view.State.Values[id], p)
	}
	return strings.TrimRight(b.String(), "\n")
}

func echoField(b *strings.Builder, label string, actions map[string]slack.BlockAction, p *locale.Printer) {
	ids := make([]string, 0, len(actions))
	for id := range actions {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var values []string
	for _, id := range ids {
		if v := echoValue(actions[id], p); strings.TrimSpace(v) != "" {
			values = append(values, v)
		}
	}
	value := strings.Join(values, ", ")
	if value == "" {
		value = Escape(p.T("submission.empty"))
	}
	fmt.Fprintf(b, "*%s*\n>%s\n", Escape(label), strings.ReplaceAll(value, "\n", "\n>"))
}

// echoValue is what one element holds, as the person saw it, as mrkdwn.
func echoValue(a slack.BlockAction, p *locale.Printer) string {
	option := func(o slack.OptionBlockObject) string {
		if o.Text != nil && o.Text.Text != "" {
			return Escape(o.Text.Text)
		}
		return Escape(o.Value)
	}
	switch {
	case a.Value != "":
		return Escape(printable(a.Value))
	case a.SelectedOption.Value != "" || a.SelectedOption.Text != nil:
		return option(a.SelectedOption)
	case len(a.SelectedOptions) > 0:
		var out []string
		for _, o := range a.SelectedOptions {
			out = append(out, option(o))
		}
		return strings.Join(out, ", ")
	case a.SelectedDate != "":
		if day, err := time.Parse(time.DateOnly, a.SelectedDate); err == nil {
			return p.Date(day)
		}
		return Escape(a.SelectedDate)
	case a.SelectedTime != "":
		return Escape(a.SelectedTime)
	case a.SelectedUser != "" && isSlackID(a.SelectedUser):
		return "<@" + a.SelectedUser + ">"
	case a.SelectedChannel != "" && isSlackID(a.SelectedChannel):
		return "<#" + a.SelectedChannel + ">"
	case a.SelectedConversation != "" && isSlackID(a.SelectedConversation):
		return "<#" + a.SelectedConversation + ">"
	}
	return ""
}

// isSlackID keeps a mention from carrying markup: ids are letters and digits.
func isSlackID(s string) bool {
	return !strings.ContainsFunc(s, func(r rune) bool { return !('A' <= r && r <= 'Z' || '0' <= r && r <= '9') })
}

// printable drops the characters FindBadChar refuses, so echoing a refused
// text back does not carry them again.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if _, bad := FindBadChar(string(r)); bad {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
}
