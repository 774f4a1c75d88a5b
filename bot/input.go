package bot

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"unicode"
	"unicode/utf8"
)

// Everything a person types reaches the bot through a slash command's text,
// a modal's text fields or a select's search box. PostgreSQL cannot store a
// NUL byte or invalid UTF-8, and no one means to type a control character,
// so the runtime refuses them here, once, before any handler sees the text,
// naming the problem instead of failing later with a generic apology.

// BadChar is the first character of a text that cannot be stored.
type BadChar struct {
	Position int  // 1-based, in characters
	Rune     rune // utf8.RuneError for invalid UTF-8
	Invalid  bool // not valid UTF-8
}

// FindBadChar returns the first NUL, control character (other than tab,
// line feed and carriage return) or invalid UTF-8 in s.
func FindBadChar(s string) (BadChar, bool) {
	pos := 0
	for i, r := range s {
		pos++
		switch {
		case r == utf8.RuneError && !validAt(s, i):
			return BadChar{Position: pos, Rune: r, Invalid: true}, true
		case r == '\t' || r == '\n' || r == '\r':
		case unicode.IsControl(r):
			return BadChar{Position: pos, Rune: r}, true
		}
	}
	return BadChar{}, false
}

// validAt tells a typed U+FFFD from a byte that is not UTF-8.
func validAt(s string, i int) bool {
	_, size := utf8.DecodeRuneInString(s[i:])
	return size == 3
}

// message is the problem in the person's words.
func (b BadChar) message(rt *Runtime, req *Request) string {
	p := rt.cfg.Catalog.For(rt.lang(req))
	data := map[string]any{"Position": b.Position, "Code": fmt.Sprintf("U+%04X", b.Rune)}
	switch {
	case b.Invalid:
		return p.T("input.invalid_utf8", data)
	case b.Rune == 0:
		return p.T("input.nul", data)
	}
	return p.T("input.control", data)
}

// typed is one piece of text a person typed, with the modal block it came
// from ("" for a command's text or a search).
type typed struct{ block, text string }

// typedText is each piece of text the person typed in req, in a stable order.
func typedText(req *Request) []typed {
	var out []typed
	switch {
	case req.Kind == KindCommand && req.Command != nil:
		out = append(out, typed{"", req.Command.Text})
	case req.Kind == KindSuggestion && req.Interaction != nil:
		out = append(out, typed{"", req.Interaction.Value})
	case req.Kind == KindView:
		state := req.ViewState()
		blocks := make([]string, 0, len(state))
		for id := range state {
			blocks = append(blocks, id)
		}
		slices.Sort(blocks)
		for _, id := range blocks {
			actions := make([]string, 0, len(state[id]))
			for a := range state[id] {
				actions = append(actions, a)
			}
			slices.Sort(actions)
			for _, a := range actions {
				out = append(out, typed{id, state[id][a].Value})
			}
		}
	}
	return out
}

// refuseBadInput answers a request carrying text that cannot be stored and
// reports whether it did: errors beside the field for a modal, a private
// reply for a command, no suggestions for a search.
func (rt *Runtime) refuseBadInput(ctx context.Context, req *Request, log *slog.Logger) bool {
	for _, t := range typedText(req) {
		bad, found := FindBadChar(t.text)
		if !found {
			continue
		}
		log.Info("input refused", "position", bad.Position, "code", fmt.Sprintf("U+%04X", bad.Rune), "invalid_utf8", bad.Invalid)
		switch req.Kind {
		case KindView:
			req.Ack(ViewErrors(map[string]string{t.block: bad.message(rt, req)}))
		case KindSuggestion:
			req.Ack(Options(nil))
		default:
			rt.tell(ctx, req, bad.message(rt, req), log)
		}
		return true
	}
	return false
}
