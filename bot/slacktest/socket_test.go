package slacktest_test

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/tact-bot/tact/bot/slacktest"
)

const (
	appToken = "xapp-1-test"
	botToken = "xoxb-test"
	wait     = 5 * time.Second
)

func newServer(t *testing.T, opts slacktest.Options) *slacktest.Server {
	t.Helper()
	if opts.AppToken == "" {
		opts.AppToken = appToken
	}
	if opts.BotToken == "" {
		opts.BotToken = botToken
	}
	if opts.PingInterval == 0 {
		opts.PingInterval = time.Second
	}
	opts.Logf = t.Logf
	srv, err := slacktest.New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(srv.Close)
	return srv
}

func apiClient(srv *slacktest.Server) *slack.Client {
	return slack.New(botToken, slack.OptionAPIURL(srv.APIURL()), slack.OptionAppLevelToken(appToken))
}

// bot is a slack-go socketmode client run the way the real bot runs it, with its
// events collected for the test.
type bot struct {
	client *socketmode.Client
	events chan socketmode.Event
}

// startBot runs a socketmode client against srv until the test ends. RunContext
// returns when a reconnect fails, so it runs in a loop. handle (optional) sees
// every event in the client's goroutine before the test does.
func startBot(t *testing.T, srv *slacktest.Server, handle func(*socketmode.Client, socketmode.Event)) *bot {
	t.Helper()
	client := socketmode.New(apiClient(srv), socketmode.OptionPingInterval(5*time.Second))
	b := &bot{client: client, events: make(chan socketmode.Event, 1000)}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() {
		for ctx.Err() == nil {
			_ = client.RunContext(ctx)
			select {
			case <-ctx.Done():
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
	wg.Go(func() {
		for {
			select {
			case <-ctx.Done():
				return
			case evt := <-client.Events:
				if handle != nil {
					handle(client, evt)
				}
				select {
				case b.events <- evt:
				default:
					t.Errorf("test event buffer full, dropping %s", evt.Type)
				}
			}
		}
	})
	t.Cleanup(func() {
		cancel()
		wg.Wait()
	})
	return b
}

// next returns the next event of type typ, skipping others.
func (b *bot) next(t *testing.T, typ socketmode.EventType) socketmode.Event {
	t.Helper()
	timeout := time.After(wait)
	for {
		select {
		case evt := <-b.events:
			if evt.Type == typ {
				return evt
			}
		case <-timeout:
			t.Fatalf("no %s event within %v", typ, wait)
		}
	}
}

// ackAll acks every envelope, with no payload.
func ackAll(c *socketmode.Client, evt socketmode.Event) {
	if evt.Request != nil && evt.Request.EnvelopeID != "" {
		_ = c.Ack(*evt.Request)
	}
}

func TestHelloAndSlashCommandAck(t *testing.T) {
	srv := newServer(t, slacktest.Options{})
	b := startBot(t, srv, func(c *socketmode.Client, evt socketmode.Event) {
		if evt.Type == socketmode.EventTypeSlashCommand {
			_ = c.Ack(*evt.Request, map[string]any{"text": "got it"})
		}
	})
	hello := b.next(t, socketmode.EventTypeHello)
	if hello.Request.NumConnections != 1 || hello.Request.ConnectionInfo.AppID != slacktest.AppID ||
		hello.Request.DebugInfo.ApproximateConnectionTime != 18060 {
		t.Errorf("hello = %+v", hello.Request)
	}
	if err := srv.WaitConnections(1, wait); err != nil {
		t.Fatal(err)
	}

	env, err := srv.SendSlashCommand(slacktest.SlashCommand{
		TeamID: "T1", UserID: "U1", ChannelID: "C1", Command: "/tact", Text: "hours 2h",
	})
	if err != nil {
		t.Fatal(err)
	}
	evt := b.next(t, socketmode.EventTypeSlashCommand)
	cmd := evt.Data.(slack.SlashCommand)
	if cmd.Command != "/tact" || cmd.Text != "hours 2h" || cmd.TeamID != "T1" || cmd.UserID != "U1" ||
		cmd.ChannelID != "C1" || cmd.APIAppID != slacktest.AppID || cmd.TeamDomain == "" || cmd.UserName == "" {
		t.Errorf("slash command = %+v", cmd)
	}
	if cmd.TriggerID != env.TriggerID || cmd.ResponseURL != env.ResponseURL || env.TriggerID == "" ||
		!strings.HasPrefix(env.ResponseURL, "http://127.0.0.1:") {
		t.Errorf("trigger/response_url: payload %q %q, envelope %+v", cmd.TriggerID, cmd.ResponseURL, env)
	}
	if evt.Request.EnvelopeID != env.ID || !evt.Request.AcceptsResponsePayload || evt.Request.RetryAttempt != 0 {
		t.Errorf("request = %+v", evt.Request)
	}

	ack, err := srv.WaitAck(env.ID, wait)
	if err != nil {
		t.Fatal(err)
	}
	var payload struct{ Text string }
	if err := json.Unmarshal(ack.Payload, &payload); err != nil || payload.Text != "got it" {
		t.Errorf("ack payload %s: %v", ack.Payload, err)
	}
	if ack.Latency <= 0 || ack.Latency > wait || ack.Count != 1 {
		t.Errorf("ack = %+v", ack)
	}
	if acks := srv.Acks(); len(acks) != 1 || acks[0].EnvelopeID != env.ID {
		t.Errorf("Acks() = %+v", acks)
	}
}

func TestRedeliverCarriesRetryAttempt(t *testing.T) {
	srv := newServer(t, slacktest.Options{})
	b := startBot(t, srv, nil) // never acks
	if err := srv.WaitConnections(1, wait); err != nil {
		t.Fatal(err)
	}
	env, err := srv.SendEvent("T1", map[string]any{"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"})
	if err != nil {
		t.Fatal(err)
	}
	first := b.next(t, socketmode.EventTypeEventsAPI)
	if first.Request.RetryAttempt != 0 || first.Request.AcceptsResponsePayload {
		t.Errorf("first delivery = %+v", first.Request)
	}
	api := first.Data.(slackevents.EventsAPIEvent)
	if api.Type != slackevents.CallbackEvent || api.TeamID != "T1" {
		t.Errorf("events api = %+v", api)
	}
	if _, ok := api.InnerEvent.Data.(*slackevents.AppHomeOpenedEvent); !ok {
		t.Errorf("inner event = %T", api.InnerEvent.Data)
	}

	if err := srv.Redeliver(env.ID); err != nil {
		t.Fatal(err)
	}
	again := b.next(t, socketmode.EventTypeEventsAPI)
	if again.Request.EnvelopeID != env.ID || again.Request.RetryAttempt != 1 || again.Request.RetryReason != "timeout" {
		t.Errorf("redelivery = %+v", again.Request)
	}
	if err := srv.Redeliver("no-such-envelope"); err == nil {
		t.Error("Redeliver of an unknown envelope succeeded")
	}
}

func TestAutoRedeliverStopsAfterThreeRetries(t *testing.T) {
	t.Parallel()
	srv := newServer(t, slacktest.Options{AutoRedeliver: 100 * time.Millisecond})
	var mu sync.Mutex
	attempts := map[string][]int{}
	b := startBot(t, srv, func(c *socketmode.Client, evt socketmode.Event) {
		if evt.Request == nil || evt.Request.EnvelopeID == "" {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		attempts[evt.Request.EnvelopeID] = append(attempts[evt.Request.EnvelopeID], evt.Request.RetryAttempt)
	})
	_ = b
	if err := srv.WaitConnections(1, wait); err != nil {
		t.Fatal(err)
	}
	ignored, err := srv.SendInteraction(map[string]any{"type": "block_actions", "user": map[string]any{"id": "U1"}})
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(800 * time.Millisecond) // 4 deliveries take 300 ms; a 5th would come by 400 ms
	mu.Lock()
	got := attempts[ignored.ID]
	mu.Unlock()
	if want := []int{0, 1, 2, 3}; !equalInts(got, want) {
		t.Errorf("retry attempts = %v, want %v", got, want)
	}
}

func TestAutoRedeliverStopsOnAck(t *testing.T) {
	t.Parallel()
	srv := newServer(t, slacktest.Options{AutoRedeliver: 100 * time.Millisecond})
	var mu sync.Mutex
	var attempts []int
	startBot(t, srv, func(c *socketmode.Client, evt socketmode.Event) {
		if evt.Request == nil || evt.Request.EnvelopeID == "" {
			return
		}
		mu.Lock()
		attempts = append(attempts, evt.Request.RetryAttempt)
		n := len(attempts)
		mu.Unlock()
		if n == 2 { // ack the first retry only
			_ = c.Ack(*evt.Request)
		}
	})
	if err := srv.WaitConnections(1, wait); err != nil {
		t.Fatal(err)
	}
	env, err := srv.SendSlashCommand(slacktest.SlashCommand{UserID: "U1", ChannelID: "C1", Command: "/tact"})
	if err != nil {
		t.Fatal(err)
	}
	ack, err := srv.WaitAck(env.ID, wait)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(400 * time.Millisecond)
	mu.Lock()
	defer mu.Unlock()
	if !equalInts(attempts, []int{0, 1}) || ack.Count != 1 {
		t.Errorf("attempts %v, ack %+v", attempts, ack)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestDropConnectionsReconnectsAndQueues(t *testing.T) {
	srv := newServer(t, slacktest.Options{})
	b := startBot(t, srv, ackAll)
	if err := srv.WaitConnections(1, wait); err != nil {
		t.Fatal(err)
	}
	b.next(t, socketmode.EventTypeHello)
	srv.DropConnections()
	// Most likely sent before slack-go has reconnected: queued for the next connection.
	env, err := srv.SendSlashCommand(slacktest.SlashCommand{UserID: "U1", ChannelID: "C1", Command: "/tact", Text: "queued"})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.WaitConnections(1, wait); err != nil {
		t.Fatal(err)
	}
	if n := srv.ConnectCount(); n != 2 {
		t.Errorf("ConnectCount = %d, want 2", n)
	}
	if _, err := srv.WaitAck(env.ID, wait); err != nil {
		t.Fatal(err)
	}
	if cmd := b.next(t, socketmode.EventTypeSlashCommand).Data.(slack.SlashCommand); cmd.Text != "queued" {
		t.Errorf("command = %+v", cmd)
	}
}

func TestSendDisconnectLeadsToReconnect(t *testing.T) {
	srv := newServer(t, slacktest.Options{})
	b := startBot(t, srv, ackAll)
	if err := srv.WaitConnections(1, wait); err != nil {
		t.Fatal(err)
	}
	b.next(t, socketmode.EventTypeHello)
	srv.SendDisconnect("refresh_requested")
	b.next(t, socketmode.EventTypeHello) // slack-go reconnected on its own
	if err := srv.WaitConnections(1, wait); err != nil {
		t.Fatal(err)
	}
	if n := srv.ConnectCount(); n != 2 {
		t.Errorf("ConnectCount = %d, want 2", n)
	}
	env, err := srv.SendEvent("", map[string]any{"type": "app_home_opened", "user": "U1", "tab": "home"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.WaitAck(env.ID, wait); err != nil {
		t.Fatal(err)
	}
}

func TestRoundRobinOverReplicas(t *testing.T) {
	srv := newServer(t, slacktest.Options{})
	var mu sync.Mutex
	perClient := map[*socketmode.Client]int{}
	count := func(c *socketmode.Client, evt socketmode.Event) {
		if evt.Type == socketmode.EventTypeSlashCommand {
			mu.Lock()
			perClient[c]++
			mu.Unlock()
			_ = c.Ack(*evt.Request)
		}
	}
	startBot(t, srv, count)
	startBot(t, srv, count)
	if err := srv.WaitConnections(2, wait); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for range 10 {
		env, err := srv.SendSlashCommand(slacktest.SlashCommand{UserID: "U1", ChannelID: "C1", Command: "/tact"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, env.ID)
	}
	for _, id := range ids {
		if _, err := srv.WaitAck(id, wait); err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(perClient) != 2 {
		t.Fatalf("deliveries per client = %v", perClient)
	}
	for _, n := range perClient {
		if n != 5 {
			t.Errorf("deliveries per client = %v, want 5 each", perClient)
		}
	}
}

func TestSendInteractionIssuesTriggerAndAcceptsResponse(t *testing.T) {
	srv := newServer(t, slacktest.Options{})
	b := startBot(t, srv, func(c *socketmode.Client, evt socketmode.Event) {
		if evt.Type == socketmode.EventTypeInteractive {
			_ = c.Ack(*evt.Request, map[string]any{"response_action": "clear"})
		}
	})
	if err := srv.WaitConnections(1, wait); err != nil {
		t.Fatal(err)
	}
	env, err := srv.SendInteraction(map[string]any{
		"type": "view_submission",
		"team": map[string]any{"id": "T1"},
		"user": map[string]any{"id": "U1"},
		"view": map[string]any{"id": "V1", "callback_id": "hours", "state": map[string]any{"values": map[string]any{}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	evt := b.next(t, socketmode.EventTypeInteractive)
	cb := evt.Data.(slack.InteractionCallback)
	if cb.Type != slack.InteractionTypeViewSubmission || cb.TriggerID == "" || cb.TriggerID != env.TriggerID ||
		cb.View.CallbackID != "hours" || !evt.Request.AcceptsResponsePayload {
		t.Errorf("interaction = %+v, request %+v", cb, evt.Request)
	}
	ack, err := srv.WaitAck(env.ID, wait)
	if err != nil || !strings.Contains(string(ack.Payload), `"clear"`) {
		t.Errorf("ack %+v: %v", ack, err)
	}

	msg, err := srv.SendInteraction(map[string]any{
		"type":      "block_actions",
		"user":      map[string]any{"id": "U1"},
		"container": map[string]any{"type": "message", "message_ts": "1.2", "channel_id": "C1"},
		"actions":   []any{map[string]any{"action_id": "approve", "block_id": "b1", "type": "button", "value": "x"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	evt = b.next(t, socketmode.EventTypeInteractive)
	cb = evt.Data.(slack.InteractionCallback)
	if cb.ResponseURL != msg.ResponseURL || msg.ResponseURL == "" || cb.TriggerID != msg.TriggerID ||
		evt.Request.AcceptsResponsePayload || len(cb.ActionCallback.BlockActions) != 1 {
		t.Errorf("block_actions = %+v, request %+v, envelope %+v", cb, evt.Request, msg)
	}
}

func TestSendRaw(t *testing.T) {
	srv := newServer(t, slacktest.Options{})
	b := startBot(t, srv, ackAll)
	if err := srv.WaitConnections(1, wait); err != nil {
		t.Fatal(err)
	}
	if err := srv.SendRaw([]byte(`{"type":"no_such_type","envelope_id":"raw-1","payload":{}}`)); err != nil {
		t.Fatal(err)
	}
	bad := b.next(t, socketmode.EventTypeErrorBadMessage)
	if !strings.Contains(bad.Data.(*socketmode.ErrorBadMessage).Cause.Error(), "no_such_type") {
		t.Errorf("bad message = %+v", bad.Data)
	}
	if err := srv.SendRaw([]byte(`not json at all`)); err != nil {
		t.Fatal(err)
	}
	// The connection survives junk and still carries tracked raw envelopes.
	raw := `{"envelope_id":"raw-2","type":"events_api","accepts_response_payload":false,"retry_attempt":0,"retry_reason":"",` +
		`"payload":{"type":"event_callback","team_id":"T1","event":{"type":"app_home_opened","user":"U1","tab":"home"}}}`
	if err := srv.SendRaw([]byte(raw)); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.WaitAck("raw-2", wait); err != nil {
		t.Fatal(err)
	}
	if err := srv.Redeliver("raw-2"); err != nil {
		t.Fatal(err)
	}
	var again socketmode.Event
	for again.Request == nil || again.Request.EnvelopeID != "raw-2" || again.Request.RetryAttempt == 0 {
		again = b.next(t, socketmode.EventTypeEventsAPI)
	}
	if again.Request.RetryAttempt != 1 || again.Request.RetryReason != "timeout" {
		t.Errorf("raw redelivery = %+v", again.Request)
	}
	if n := srv.ConnectCount(); n != 1 {
		t.Errorf("ConnectCount = %d, bad frames should not drop the connection", n)
	}
}

func TestWaitAckTimesOut(t *testing.T) {
	srv := newServer(t, slacktest.Options{})
	start := time.Now()
	if _, err := srv.WaitAck("nothing", 100*time.Millisecond); err == nil {
		t.Error("WaitAck without an ack succeeded")
	}
	if d := time.Since(start); d < 100*time.Millisecond || d > 2*time.Second {
		t.Errorf("WaitAck took %v", d)
	}
}

func TestEnvelopesQueuedUntilConnect(t *testing.T) {
	srv := newServer(t, slacktest.Options{})
	env, err := srv.SendSlashCommand(slacktest.SlashCommand{UserID: "U1", ChannelID: "C1", Command: "/tact", Text: "early"})
	if err != nil {
		t.Fatal(err)
	}
	b := startBot(t, srv, ackAll)
	if cmd := b.next(t, socketmode.EventTypeSlashCommand).Data.(slack.SlashCommand); cmd.Text != "early" {
		t.Errorf("command = %+v", cmd)
	}
	if _, err := srv.WaitAck(env.ID, wait); err != nil {
		t.Fatal(err)
	}
}
