package slacktest_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot/slacktest"
)

func TestHistoryServesMetadataOnlyWhenAsked(t *testing.T) {
	srv := newServer(t, slacktest.Options{})
	api := apiClient(srv)
	meta := slack.SlackMetadata{EventType: "tact_digest", EventPayload: map[string]any{"week": "2026-11-30"}}
	_, first, err := api.PostMessage("C1", slack.MsgOptionText("digest", false), slack.MsgOptionMetadata(meta))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := api.PostMessage("C1", slack.MsgOptionText("reply", false), slack.MsgOptionTS(first)); err != nil {
		t.Fatal(err)
	}
	_, second, err := api.PostMessage("C1", slack.MsgOptionText("plain", false))
	if err != nil {
		t.Fatal(err)
	}
	h, err := api.GetConversationHistory(&slack.GetConversationHistoryParameters{ChannelID: "C1", IncludeAllMetadata: true})
	if err != nil {
		t.Fatal(err)
	}
	// Newest first, thread replies left out.
	if len(h.Messages) != 2 || h.Messages[0].Timestamp != second || h.Messages[1].Timestamp != first {
		t.Fatalf("history = %+v", h.Messages)
	}
	if got := h.Messages[1].Metadata; got.EventType != "tact_digest" || got.EventPayload["week"] != "2026-11-30" {
		t.Fatalf("metadata = %+v", got)
	}
	h, err = api.GetConversationHistory(&slack.GetConversationHistoryParameters{ChannelID: "C1"})
	if err != nil || h.Messages[1].Metadata.EventType != "" {
		t.Fatalf("metadata served without include_all_metadata: %+v, %v", h.Messages, err)
	}
	h, err = api.GetConversationHistory(&slack.GetConversationHistoryParameters{ChannelID: "C1", Oldest: first, Limit: 1})
	if err != nil || len(h.Messages) != 1 || h.Messages[0].Timestamp != second || h.HasMore {
		t.Fatalf("oldest (exclusive) and limit: %+v, %v", h, err)
	}
	if _, _, err := api.PostMessage("C1", slack.MsgOptionText("x", false), slack.MsgOptionMetadata(slack.SlackMetadata{})); err == nil || err.Error() != "invalid_metadata_format" {
		t.Fatalf("empty metadata: %v", err)
	}
	if n := len(srv.Messages("C1")); n != 3 {
		t.Fatalf("Messages kept %d, want 3", n)
	}
}

func TestHistoryPages(t *testing.T) {
	srv := newServer(t, slacktest.Options{})
	api := apiClient(srv)
	for range 5 {
		if _, _, err := api.PostMessage("C1", slack.MsgOptionText("m", false)); err != nil {
			t.Fatal(err)
		}
	}
	seen, cursor := 0, ""
	for page := 0; page < 5; page++ {
		h, err := api.GetConversationHistory(&slack.GetConversationHistoryParameters{ChannelID: "C1", Limit: 2, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		seen += len(h.Messages)
		if !h.HasMore {
			break
		}
		cursor = h.ResponseMetaData.NextCursor
	}
	if seen != 5 {
		t.Fatalf("paged through %d messages, want 5", seen)
	}
}

func TestDelayHoldsTheAnswerAfterTheEffect(t *testing.T) {
	srv := newServer(t, slacktest.Options{})
	srv.Delay("chat.postMessage", time.Minute)
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	_, _, err := apiClient(srv).PostMessageContext(ctx, "C1", slack.MsgOptionText("slow", false))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a delayed post answered: %v", err)
	}
	if m := srv.Messages("C1"); len(m) != 1 || m[0].Text != "slow" {
		t.Fatalf("the delayed message is not in the channel: %+v", m)
	}
	srv.Delay("chat.postMessage", 0)
	if _, _, err := apiClient(srv).PostMessage("C1", slack.MsgOptionText("fast", false)); err != nil {
		t.Fatal(err)
	}
}

func TestFailAnswersAnErrorWithoutEffect(t *testing.T) {
	srv := newServer(t, slacktest.Options{})
	srv.Fail("chat.postMessage", 1, "internal_error")
	api := apiClient(srv)
	if _, _, err := api.PostMessage("C1", slack.MsgOptionText("lost", false)); err == nil || err.Error() != "internal_error" {
		t.Fatalf("first post: %v; want internal_error", err)
	}
	if _, _, err := api.PostMessage("C1", slack.MsgOptionText("kept", false)); err != nil {
		t.Fatal(err)
	}
	if m := srv.Messages("C1"); len(m) != 1 || m[0].Text != "kept" {
		t.Fatalf("messages: %+v", m)
	}
}
