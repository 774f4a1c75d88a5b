package bot

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/locale"
)

// echo renders every kind of input a form of ours has, labelled and in the
// view's order, and nothing but labels and values.
func TestEchoRendersEveryInput(t *testing.T) {
	cat, err := locale.New()
	if err != nil {
		t.Fatal(err)
	}
	var view slack.View
	raw := `{"id":"V1","hash":"h","private_metadata":"{\"ch\":\"C1\"}","title":{"type":"plain_text","text":"Rate our clients"},
	"blocks":[
	  {"type":"section","text":{"type":"mrkdwn","text":"intro"}},
	  {"type":"input","block_id":"b_tone","label":{"type":"plain_text","text":"Tone"},"element":{"type":"radio_buttons","action_id":"a"}},
	  {"type":"input","block_id":"b_reasons","label":{"type":"plain_text","text":"Reasons"},"element":{"type":"checkboxes","action_id":"a"}},
	  {"type":"input","block_id":"b_speaker","label":{"type":"plain_text","text":"Who speaks"},"element":{"type":"users_select","action_id":"a"}},
	  {"type":"input","block_id":"b_end","label":{"type":"plain_text","text":"Last day"},"element":{"type":"datepicker","action_id":"a"}},
	  {"type":"input","block_id":"b_note","label":{"type":"plain_text","text":"Note"},"element":{"type":"plain_text_input","action_id":"a"}}
	],
	"state":{"values":{
	  "b_tone":{"a":{"type":"radio_buttons","selected_option":{"value":"warm","text":{"type":"plain_text","text":"Warm"}}}},
	  "b_reasons":{"a":{"type":"checkboxes","selected_options":[{"value":"x","text":{"type":"plain_text","text":"Threats"}},{"value":"y","text":{"type":"plain_text","text":"Late payment"}}]}},
	  "b_speaker":{"a":{"type":"users_select","selected_user":"U1"}},
	  "b_end":{"a":{"type":"datepicker","selected_date":"2026-03-01"}},
	  "b_note":{"a":{"type":"plain_text_input","value":null}},
	  "b_extra":{"a":{"type":"plain_text_input","value":"not in blocks"}}
	}}}`
	if err := json.Unmarshal([]byte(raw), &view); err != nil {
		t.Fatal(err)
	}
	got := echo(view, cat.For("en"))
	want := "*Tone*\n>Warm\n*Reasons*\n>Threats, Late payment\n*Who speaks*\n><@U1>\n*Last day*\n>" +
		cat.For("en").Date(mustDay(t, "2026-03-01")) + "\n*Note*\n>(empty)\n*b_extra*\n>not in blocks"
	if got != want {
		t.Errorf("echo =\n%s\nwant\n%s", got, want)
	}
}

func mustDay(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestPrintableDropsWhatCannotBeStored(t *testing.T) {
	if got := printable("a\x00b\x1b[0m\tc\nd\xffe"); got != "ab[0m\tc\nde" {
		t.Errorf("printable = %q", got)
	}
}
