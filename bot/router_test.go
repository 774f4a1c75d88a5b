package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/slack-go/slack"
)

func noop(context.Context, *Request) error { return nil }

func TestRouterRejectsDuplicatesAndOverlaps(t *testing.T) {
	r := NewRouter()
	r.Command("/tact", noop)
	r.Command("/tact", noop)
	r.ViewSubmission("incident", noop)
	r.ViewSubmission("incident", noop)
	r.ActionPrefix("poll.vote.", noop)
	r.ActionPrefix("poll.", noop)
	r.Event("", noop)
	err := r.Err()
	if err == nil {
		t.Fatal("duplicate registrations were accepted")
	}
	for _, want := range []string{`command "/tact"`, `view_submission "incident"`, `overlaps`, "empty key"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %s", err, want)
		}
	}
	// The same key under different kinds is fine.
	ok := NewRouter()
	ok.Action("x", noop)
	ok.ViewSubmission("x", noop)
	ok.Suggestion("x", noop)
	if err := ok.Err(); err != nil {
		t.Fatalf("distinct kinds collided: %v", err)
	}
}

func TestRouterLookup(t *testing.T) {
	r := NewRouter()
	hits := map[string]int{}
	mark := func(name string) Handler {
		return func(context.Context, *Request) error { hits[name]++; return nil }
	}
	r.Action("incident.open", mark("exact"))
	r.ActionPrefix("poll.vote.", mark("prefix"))
	for _, c := range []struct {
		kind Kind
		key  string
		want string
	}{
		{KindAction, "incident.open", "exact"},
		{KindAction, "poll.vote.3", "prefix"},
		{KindAction, "poll.close", ""},
		{KindView, "incident.open", ""},
	} {
		h, found := r.Lookup(c.kind, c.key)
		if found != (c.want != "") {
			t.Errorf("Lookup(%s, %q) found=%v", c.kind, c.key, found)
			continue
		}
		if found {
			before := hits[c.want]
			_ = h(context.Background(), &Request{})
			if hits[c.want] != before+1 {
				t.Errorf("Lookup(%s, %q) ran the wrong handler", c.kind, c.key)
			}
		}
	}
}

// Redeliveries must map to the same keys; distinct user actions must not.
func TestDeliveryKeys(t *testing.T) {
	cmd := func(env, trigger string) *Request {
		return &Request{Kind: KindCommand, EnvelopeID: env, TriggerID: trigger}
	}
	if cmd("e1", "t1").DeliveryKey() != cmd("e2", "t1").DeliveryKey() {
		t.Error("a redelivered command (same trigger, new envelope) got a new key")
	}
	if cmd("e1", "t1").DeliveryKey() == cmd("e1", "t2").DeliveryKey() {
		t.Error("two commands share a key")
	}
	view := func(env, id, hash string) *Request {
		return &Request{Kind: KindView, EnvelopeID: env, Interaction: &slack.InteractionCallback{View: slack.View{ID: id, Hash: hash}}}
	}
	if view("e1", "V1", "h1").DeliveryKey() != view("e2", "V1", "h1").DeliveryKey() {
		t.Error("a double-clicked submit got two write keys")
	}
	if view("e1", "V1", "h1").envelopeKey() == view("e2", "V1", "h1").envelopeKey() {
		t.Error("a resubmission after a validation error would be dropped as a redelivery")
	}
	if (&Request{Kind: KindEvent, EventID: "Ev1", EnvelopeID: "a"}).envelopeKey() !=
		(&Request{Kind: KindEvent, EventID: "Ev1", EnvelopeID: "b"}).envelopeKey() {
		t.Error("a redelivered event got a new key")
	}
}

// Anonymous routes are told apart, exact and by prefix, and only in their kind.
func TestRouterAnonymous(t *testing.T) {
	r := NewRouter()
	r.ActionPrefix("poll.vote.", noop, Anonymous)
	r.Action("poll.close", noop)
	r.ViewSubmission("poll.comment", noop, Anonymous)
	for _, c := range []struct {
		kind Kind
		key  string
		want bool
	}{
		{KindAction, "poll.vote.abc", true},
		{KindAction, "poll.close", false},
		{KindView, "poll.comment", true},
		{KindAction, "poll.comment", false},
		{KindView, "other", false},
	} {
		if got := r.Anonymous(c.kind, c.key); got != c.want {
			t.Errorf("Anonymous(%s, %q) = %v, want %v", c.kind, c.key, got, c.want)
		}
	}
}
