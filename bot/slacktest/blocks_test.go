package slacktest_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/tact-bot/tact/bot/slacktest"
)

// js marshals v; tests build blocks as plain maps to control every field.
func js(t *testing.T, v any) json.RawMessage {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type obj = map[string]any

func txt(typ, s string) obj { return obj{"type": typ, "text": s} }

func section(s string) obj { return obj{"type": "section", "text": txt("mrkdwn", s)} }

func repeatBlocks(n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = section("x")
	}
	return out
}

func button(text, value string) obj {
	return obj{"type": "button", "action_id": "b", "text": txt("plain_text", text), "value": value}
}

func options(n int, text, value string) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = obj{"text": txt("plain_text", text), "value": value}
	}
	return out
}

func elements(n int, el obj) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = el
	}
	return out
}

// ru is Cyrillic text of n characters (2n bytes).
func ru(n int) string { return strings.Repeat("ж", n) }

func TestCheckBlocks(t *testing.T) {
	fields := func(n, size int) obj {
		f := make([]any, n)
		for i := range f {
			f[i] = txt("mrkdwn", ru(size))
		}
		return obj{"type": "section", "fields": f}
	}
	input := obj{"type": "input", "block_id": "in", "label": txt("plain_text", "Часы"),
		"element": obj{"type": "plain_text_input", "action_id": "v"}}
	tests := []struct {
		name    string
		surface string
		blocks  any
		wantErr string // substring of the only error; "" for none
	}{
		{"50 blocks in a message", "message", repeatBlocks(50), ""},
		{"51 blocks in a message", "message", repeatBlocks(51), "no more than 50 blocks"},
		{"100 blocks in a modal", "modal", repeatBlocks(100), ""},
		{"101 blocks in a home tab", "home", repeatBlocks(101), "no more than 100 blocks"},
		{"section text 3000 Cyrillic chars", "message", []any{section(ru(3000))}, ""},
		{"section text 3001 Cyrillic chars", "message", []any{section(ru(3001))}, "/blocks/0/text/text"},
		{"empty section text", "message", []any{section("")}, "more than 0 characters"},
		{"section without text or fields", "message", []any{obj{"type": "section"}}, "text or fields"},
		{"10 fields of 2000", "message", []any{fields(10, 2000)}, ""},
		{"11 fields", "message", []any{fields(11, 5)}, "at most 10 items"},
		{"field of 2001", "message", []any{fields(1, 2001)}, "/blocks/0/fields/0/text"},
		{"header 150", "message", []any{obj{"type": "header", "text": txt("plain_text", ru(150))}}, ""},
		{"header 151", "message", []any{obj{"type": "header", "text": txt("plain_text", ru(151))}}, "at most 150"},
		{"header mrkdwn", "message", []any{obj{"type": "header", "text": txt("mrkdwn", "x")}}, "must be plain_text"},
		{"context 10", "message", []any{obj{"type": "context", "elements": elements(10, txt("mrkdwn", "x"))}}, ""},
		{"context 11", "message", []any{obj{"type": "context", "elements": elements(11, txt("mrkdwn", "x"))}}, "at most 10 items"},
		{"actions 25", "message", []any{obj{"type": "actions", "elements": elements(25, button("ok", "v"))}}, ""},
		{"actions 26", "message", []any{obj{"type": "actions", "elements": elements(26, button("ok", "v"))}}, "at most 25 items"},
		{"button text 75", "message", []any{obj{"type": "actions", "elements": []any{button(ru(75), "v")}}}, ""},
		{"button text 76", "message", []any{obj{"type": "actions", "elements": []any{button(ru(76), "v")}}}, "/elements/0/text/text"},
		{"button value 2000", "message", []any{obj{"type": "actions", "elements": []any{button("ok", ru(2000))}}}, ""},
		{"button value 2001", "message", []any{obj{"type": "actions", "elements": []any{button("ok", ru(2001))}}}, "/elements/0/value"},
		{"select 100 options", "modal", []any{obj{"type": "actions", "elements": []any{
			obj{"type": "static_select", "action_id": "s", "options": options(100, ru(75), ru(150))}}}}, ""},
		{"select 101 options", "modal", []any{obj{"type": "actions", "elements": []any{
			obj{"type": "static_select", "action_id": "s", "options": options(101, "a", "a")}}}}, "at most 100 items"},
		{"option text 76", "modal", []any{obj{"type": "section", "text": txt("mrkdwn", "x"), "accessory": obj{
			"type": "static_select", "action_id": "s", "options": options(1, ru(76), "a")}}}, "/accessory/options/0/text/text"},
		{"option value 151", "modal", []any{obj{"type": "actions", "elements": []any{
			obj{"type": "static_select", "action_id": "s", "options": options(1, "a", ru(151))}}}}, "/options/0/value"},
		{"max_length 3000", "modal", []any{obj{"type": "input", "label": txt("plain_text", "x"),
			"element": obj{"type": "plain_text_input", "action_id": "v", "max_length": 3000}}}, ""},
		{"max_length 3001", "modal", []any{obj{"type": "input", "label": txt("plain_text", "x"),
			"element": obj{"type": "plain_text_input", "action_id": "v", "max_length": 3001}}}, "/element/max_length"},
		{"input in a modal", "modal", []any{input}, ""},
		{"input in a message", "message", []any{input}, "not allowed in messages"},
		{"block_id 255", "message", []any{obj{"type": "divider", "block_id": ru(255)}}, ""},
		{"block_id 256", "message", []any{obj{"type": "divider", "block_id": ru(256)}}, "/blocks/0/block_id"},
		{"duplicate block_id", "message", []any{obj{"type": "divider", "block_id": "a"}, obj{"type": "divider", "block_id": "a"}}, "duplicate block_id"},
		{"action_id 256", "message", []any{obj{"type": "actions", "elements": []any{
			obj{"type": "button", "action_id": ru(256), "text": txt("plain_text", "x")}}}}, "/action_id"},
		{"unknown block type", "message", []any{obj{"type": "sectoin"}}, "unsupported block type"},
		{"not an array", "message", obj{"type": "section"}, "must be an array"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := slacktest.CheckBlocks(js(t, tt.blocks), tt.surface)
			checkErrs(t, errs, tt.wantErr)
		})
	}
}

func checkErrs(t *testing.T, errs []error, want string) {
	t.Helper()
	switch {
	case want == "" && len(errs) > 0:
		t.Errorf("unexpected errors: %v", errs)
	case want != "" && len(errs) != 1:
		t.Errorf("want one error containing %q, got %v", want, errs)
	case want != "" && !strings.Contains(errs[0].Error(), want):
		t.Errorf("error %q does not contain %q", errs[0], want)
	}
}

func TestCheckBlocksRejectsInvalidUTF8(t *testing.T) {
	raw := []byte(`[{"type":"section","text":{"type":"mrkdwn","text":"` + "\xd0" + `"}}]`)
	checkErrs(t, slacktest.CheckBlocks(raw, "message"), "invalid UTF-8")
	checkErrs(t, slacktest.CheckBlocks(json.RawMessage(`[`), "message"), "invalid JSON")
	checkErrs(t, slacktest.CheckBlocks(json.RawMessage(`[]`), "dialog"), "unknown surface")
}

func TestCheckView(t *testing.T) {
	base := func(mod func(obj)) obj {
		v := obj{
			"type":   "modal",
			"title":  txt("plain_text", "Учёт"),
			"submit": txt("plain_text", "Сохранить"),
			"close":  txt("plain_text", "Отмена"),
			"blocks": []any{obj{"type": "input", "block_id": "h", "label": txt("plain_text", "Часы"),
				"element": obj{"type": "plain_text_input", "action_id": "v"}}},
		}
		if mod != nil {
			mod(v)
		}
		return v
	}
	tests := []struct {
		name    string
		view    obj
		wantErr string
	}{
		{"valid modal", base(nil), ""},
		{"title 24 Cyrillic", base(func(v obj) { v["title"] = txt("plain_text", ru(24)) }), ""},
		{"title 25", base(func(v obj) { v["title"] = txt("plain_text", ru(25)) }), "/view/title/text"},
		{"no title", base(func(v obj) { delete(v, "title") }), "/view/title"},
		{"title mrkdwn", base(func(v obj) { v["title"] = txt("mrkdwn", "x") }), "/view/title/type"},
		{"submit 25", base(func(v obj) { v["submit"] = txt("plain_text", ru(25)) }), "/view/submit/text"},
		{"close 25", base(func(v obj) { v["close"] = txt("plain_text", ru(25)) }), "/view/close/text"},
		{"input without submit", base(func(v obj) { delete(v, "submit") }), "submit is required"},
		{"private_metadata 3000", base(func(v obj) { v["private_metadata"] = ru(3000) }), ""},
		{"private_metadata 3001", base(func(v obj) { v["private_metadata"] = ru(3001) }), "/view/private_metadata"},
		{"callback_id 255", base(func(v obj) { v["callback_id"] = ru(255) }), ""},
		{"callback_id 256", base(func(v obj) { v["callback_id"] = ru(256) }), "/view/callback_id"},
		{"101 blocks", base(func(v obj) { v["blocks"] = repeatBlocks(101) }), "/view/blocks"},
		{"duplicate block ids", base(func(v obj) {
			v["blocks"] = []any{obj{"type": "divider", "block_id": "x"}, obj{"type": "divider", "block_id": "x"}}
		}), "duplicate block_id"},
		{"home with 100 blocks", obj{"type": "home", "blocks": repeatBlocks(100)}, ""},
		{"home with 101 blocks", obj{"type": "home", "blocks": repeatBlocks(101)}, "no more than 100"},
		{"wrong type", obj{"type": "dialog", "blocks": []any{}}, "must be modal or home"},
		{"over 250 KB", base(func(v obj) {
			blocks := make([]any, 90)
			for i := range blocks {
				blocks[i] = obj{"type": "section", "block_id": fmt.Sprint(i), "text": txt("mrkdwn", ru(1500))}
			}
			v["blocks"] = blocks
			delete(v, "submit")
		}), "at most 256000 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkErrs(t, slacktest.CheckView(js(t, tt.view)), tt.wantErr)
		})
	}
}
