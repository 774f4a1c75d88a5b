package bot_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/bot/slacktest"
)

var errDown = errors.New("database down")

// explainDown words errDown as the real explainer words ErrUnavailable.
func explainDown(err error, lang string) (string, bool) {
	if errors.Is(err, errDown) {
		return "nothing was saved", true
	}
	return "", false
}

// submitForm sends a view_submission of a one-field form, as Slack sends
// it: title, blocks and state.
func (w *runtimeWorld) submitForm(callback, typed string) slacktest.Envelope {
	w.t.Helper()
	env, err := w.srv.SendInteraction(map[string]any{
		"type": "view_submission",
		"team": map[string]any{"id": slacktest.DefaultTeamID},
		"user": map[string]any{"id": user},
		"view": map[string]any{
			"id": "V1", "hash": "h1", "type": "modal", "callback_id": callback, "private_metadata": "from " + channel,
			"title": map[string]any{"type": "plain_text", "text": "Log hours"},
			"blocks": []any{
				map[string]any{"type": "input", "block_id": "note", "label": map[string]any{"type": "plain_text", "text": "Note"},
					"element": map[string]any{"type": "plain_text_input", "action_id": "n"}},
				map[string]any{"type": "input", "block_id": "client", "label": map[string]any{"type": "plain_text", "text": "Client"},
					"element": map[string]any{"type": "static_select", "action_id": "c"}},
			},
			"state": map[string]any{"values": map[string]any{
				"note":   map[string]any{"n": map[string]any{"type": "plain_text_input", "value": typed}},
				"client": map[string]any{"c": map[string]any{"type": "static_select", "selected_option": map[string]any{"value": "7", "text": map[string]any{"type": "plain_text", "text": "Acme"}}}},
			}},
		},
	})
	if err != nil {
		w.t.Fatal(err)
	}
	return env
}

// waitCall waits for a successful call of method and returns its text.
func (w *runtimeWorld) waitCall(method string) slacktest.Call {
	w.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		for _, c := range w.srv.Calls(method) {
			if c.Error == "" && c.Status == 200 {
				return c
			}
		}
		if time.Now().After(deadline) {
			w.t.Fatalf("no successful %s", method)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// A handler still working at the deadline gets its submission acked (the
// modal closes); when it then fails, the person gets a DM saying what was
// not saved and why, with what they entered.
func TestSubmissionFailingAfterTheDeadlineAckIsToldByDM(t *testing.T) {
	w := startRuntime(t, bot.Config{AckDeadline: 200 * time.Millisecond, Explain: explainDown}, func(r *bot.Router) {
		r.ViewSubmission("form", func(ctx context.Context, r *bot.Request) error {
			time.Sleep(600 * time.Millisecond)
			return errDown
		})
	})
	env := w.submitForm("form", "call about\ninvoices & <links>")
	ack, err := w.srv.WaitAck(env.ID, 3*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if ack.Latency > 500*time.Millisecond || len(ack.Payload) != 0 {
		t.Errorf("ack after %s with %s, want an empty ack at the 200 ms deadline", ack.Latency, ack.Payload)
	}
	dm := w.waitCall("chat.postMessage")
	text := dm.Params["text"]
	p := w.cat.For("en")
	for _, want := range []string{
		p.T("submission.about", map[string]any{"Form": "Log hours"}), "nothing was saved", p.T("submission.retry"),
		"*Note*\n>call about\n>invoices &amp; &lt;links&gt;", "*Client*\n>Acme",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("DM %q lacks %q", text, want)
		}
	}
	if strings.Contains(text, "V1") || strings.Contains(text, env.ID) {
		t.Errorf("DM %q carries an id", text)
	}
}

// Errors beside fields that come after the deadline ack can no longer be
// shown in the modal: they go, with the input, to the channel the modal
// was opened from.
func TestLateFieldErrorsAreToldInTheChannel(t *testing.T) {
	w := startRuntime(t, bot.Config{
		AckDeadline:       200 * time.Millisecond,
		SubmissionChannel: func(meta string) string { return strings.TrimPrefix(meta, "from ") },
	}, func(r *bot.Router) {
		r.ViewSubmission("form", func(ctx context.Context, r *bot.Request) error {
			time.Sleep(500 * time.Millisecond)
			r.Ack(bot.ViewErrors(map[string]string{"note": "That day hasn't come yet."}))
			return nil
		})
	})
	env := w.submitForm("form", "typed")
	if ack, err := w.srv.WaitAck(env.ID, 3*time.Second); err != nil || len(ack.Payload) != 0 {
		t.Fatalf("ack = %+v, %v", ack, err)
	}
	c := w.waitCall("chat.postEphemeral")
	want := w.cat.For("en").T("submission.late_errors", map[string]any{"Problems": "That day hasn't come yet."})
	if c.Params["channel"] != channel || c.Params["user"] != user || !strings.Contains(c.Params["text"], want) ||
		!strings.Contains(c.Params["text"], ">typed") {
		t.Errorf("ephemeral to %s/%s: %q", c.Params["channel"], c.Params["user"], c.Params["text"])
	}
}

// The deadline is timed from the envelope's arrival: a slow users.info
// (looked up before the handler runs) does not push the ack past 3 s.
func TestSlowUsersInfoDoesNotDelayTheAck(t *testing.T) {
	handled := make(chan struct{})
	w := startRuntime(t, bot.Config{}, func(r *bot.Router) {
		r.ViewSubmission("form", func(ctx context.Context, r *bot.Request) error {
			r.Ack(nil)
			close(handled)
			return nil
		})
	})
	w.srv.Delay("users.info", 4*time.Second)
	env := w.submitForm("form", "typed")
	ack, err := w.srv.WaitAck(env.ID, 3*time.Second)
	if err != nil {
		t.Fatalf("submission not acked within 3 s while users.info is slow: %v", err)
	}
	if ack.Latency > 2800*time.Millisecond {
		t.Errorf("ack latency %s", ack.Latency)
	}
	select {
	case <-handled:
	case <-time.After(10 * time.Second):
		t.Fatal("the handler never ran")
	}
	// The handler closed the modal as the deadline ack already had: nothing to tell.
	time.Sleep(200 * time.Millisecond)
	if n := len(w.srv.Calls("chat.postMessage")) + len(w.srv.Calls("chat.postEphemeral")); n != 0 {
		t.Errorf("%d messages after a submission that went well", n)
	}
}

// Every handler has a deadline; one that runs past it is told to check.
func TestHandlerDeadline(t *testing.T) {
	w := startRuntime(t, bot.Config{HandlerTimeout: 200 * time.Millisecond}, func(r *bot.Router) {
		r.Command("/stuck", func(ctx context.Context, r *bot.Request) error {
			<-ctx.Done()
			return ctx.Err()
		})
	})
	start := time.Now()
	got := w.waitReplies(w.command("/stuck", ""), 1)
	if got[0] != w.cat.For("en").T("submission.too_slow") || time.Since(start) > 5*time.Second {
		t.Errorf("stuck handler: %q after %s", got[0], time.Since(start))
	}
}

// Suggestions too are acked at the deadline, empty; a late answer to a
// search box is dropped without a message to anyone.
func TestLateSuggestionIsDroppedQuietly(t *testing.T) {
	done := make(chan struct{})
	w := startRuntime(t, bot.Config{AckDeadline: 100 * time.Millisecond}, func(r *bot.Router) {
		r.Suggestion("pick", func(ctx context.Context, r *bot.Request) error {
			time.Sleep(300 * time.Millisecond)
			r.Ack(bot.Options(nil))
			close(done)
			return nil
		})
	})
	env, err := w.srv.SendInteraction(map[string]any{"type": "block_suggestion", "action_id": "pick", "block_id": "b", "value": "ac",
		"team": map[string]any{"id": slacktest.DefaultTeamID}, "user": map[string]any{"id": user}})
	if err != nil {
		t.Fatal(err)
	}
	if ack, err := w.srv.WaitAck(env.ID, 3*time.Second); err != nil || ack.Latency > time.Second {
		t.Fatalf("suggestion ack %+v, %v", ack, err)
	}
	<-done
	time.Sleep(200 * time.Millisecond)
	if n := len(w.srv.Calls("chat.postMessage")) + len(w.srv.Calls("chat.postEphemeral")) + len(w.srv.Calls("conversations.open")); n != 0 {
		t.Errorf("%d messages about a late search answer", n)
	}
}

// A submission that fails before the deadline is answered in its ack: the
// modal turns into the explanation, with what was entered under it.
func TestSubmissionFailingInTimeShowsWhyAndTheInputInTheModal(t *testing.T) {
	w := startRuntime(t, bot.Config{Explain: explainDown}, func(r *bot.Router) {
		r.ViewSubmission("form", func(ctx context.Context, r *bot.Request) error { return errDown })
	})
	env := w.submitForm("form", "typed note")
	ack, err := w.srv.WaitAck(env.ID, 3*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"response_action":"update"`, "nothing was saved", `*Note*\n\u003etyped note`} {
		if !strings.Contains(string(ack.Payload), want) {
			t.Errorf("ack %s lacks %s", ack.Payload, want)
		}
	}
	if errs := slacktest.CheckView(viewOf(t, ack.Payload)); len(errs) > 0 {
		t.Errorf("the notice breaks Slack's limits: %v", errs)
	}
}

func viewOf(t *testing.T, payload []byte) json.RawMessage {
	t.Helper()
	var p struct{ View json.RawMessage }
	if err := json.Unmarshal(payload, &p); err != nil {
		t.Fatal(err)
	}
	return p.View
}
