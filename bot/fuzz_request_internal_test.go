package bot

import (
	"encoding/json"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// Whatever payload Slack (or anyone on the socket) sends, reading it into a
// Request never panics, and a routable request has a delivery key, so a
// redelivery of it is recognised.
func FuzzRequestFromPayload(f *testing.F) {
	f.Add(uint8(0), `{"command":"/hours","text":"Acme 30m","team_id":"T1","user_id":"U1","trigger_id":"1.2.3"}`)
	f.Add(uint8(1), `{"type":"block_actions","team":{"id":"T1"},"user":{"id":"U1"},"trigger_id":"t","actions":[{"action_id":"hours.undo","value":"7"}]}`)
	f.Add(uint8(1), `{"type":"view_submission","team":{"id":"T1"},"user":{"id":"U1"},"view":{"id":"V1","hash":"h","callback_id":"x","state":{"values":{"b":{"a":{"type":"plain_text_input","value":"v"}}}}}}`)
	f.Add(uint8(1), `{"type":"block_suggestion","action_id":"log.client","value":"ac"}`)
	f.Add(uint8(1), `{"type":"message_action","callback_id":"log_incident_from_message","message":{"text":"x"}}`)
	f.Add(uint8(2), `{"type":"event_callback","team_id":"T1","event_id":"Ev1","event":{"type":"app_home_opened","user":"U1","tab":"home"}}`)
	f.Add(uint8(1), `{"type":"block_actions","actions":[]}`)
	// Text a person typed with NUL and control characters in it.
	f.Add(uint8(0), `{"command":"/hours","text":"Acme\u0000 30m","team_id":"T1","user_id":"U1","trigger_id":"1.2.3"}`)
	f.Add(uint8(1), `{"type":"view_submission","team":{"id":"T1"},"user":{"id":"U1"},"view":{"id":"V1","hash":"h","callback_id":"x","state":{"values":{"b":{"a":{"type":"plain_text_input","value":"v\u001b[0m\u0000"}}}}}}`)
	f.Fuzz(func(t *testing.T, kind uint8, payload string) {
		evt := socketmode.Event{Request: &socketmode.Request{EnvelopeID: "e1"}}
		switch kind % 3 {
		case 0:
			var cmd slack.SlashCommand
			if json.Unmarshal([]byte(payload), &cmd) != nil {
				return
			}
			evt.Type, evt.Data = socketmode.EventTypeSlashCommand, cmd
		case 1:
			var cb slack.InteractionCallback
			if json.Unmarshal([]byte(payload), &cb) != nil {
				return
			}
			evt.Type, evt.Data = socketmode.EventTypeInteractive, cb
		case 2:
			e, err := slackevents.ParseEvent(json.RawMessage(payload), slackevents.OptionNoVerifyToken())
			if err != nil {
				return
			}
			evt.Type, evt.Data = socketmode.EventTypeEventsAPI, e
		}
		req := newRequest(evt)
		_ = req.ViewState()
		for _, in := range typedText(req) {
			FindBadChar(in.text) // what the runtime checks before any handler
		}
		if req.Kind != "" && req.DeliveryKey() == "" {
			t.Fatalf("%s %q has no delivery key", req.Kind, req.Key)
		}
	})
}
