package ledger

import (
	"strings"
	"unicode"
)

// Field names a part of a command that a draft may lack.
type Field string

const (
	FieldClient      Field = "client"
	FieldCategory    Field = "category"
	FieldDescription Field = "description"
	FieldDuration    Field = "duration"
)

// Issue says what is wrong with a field.
type Issue string

const (
	IssueMissing   Issue = "missing"   // nothing was given for it
	IssueUnknown   Issue = "unknown"   // something was given but not recognised
	IssueAmbiguous Issue = "ambiguous" // it matched several things
	IssueInvalid   Issue = "invalid"   // recognised but not acceptable (see Err)
)

// Problem is one part of a command that was not understood. The caller
// opens a modal prefilled with the rest and explains these.
type Problem struct {
	Field Field
	Issue Issue
	Input string // what was typed for the field, if anything
	Err   error  // the parser's sentinel, for IssueInvalid
}

// token is a word of command text with its byte offset, so free text after
// the parsed words can be kept exactly as typed (line breaks included).
type token struct {
	text  string
	start int
}

func tokenize(text string) []token {
	var out []token
	start := -1
	for i, r := range text {
		space := unicode.IsSpace(r)
		switch {
		case space && start >= 0:
			out = append(out, token{text[start:i], start})
			start = -1
		case !space && start < 0:
			start = i
		}
	}
	if start >= 0 {
		out = append(out, token{text[start:], start})
	}
	return out
}

func words(tokens []token) []string {
	out := make([]string, len(tokens))
	for i, t := range tokens {
		out[i] = t.text
	}
	return out
}

// tail is the original text from token i on, trimmed; "" past the end.
func tail(text string, tokens []token, i int) string {
	if i >= len(tokens) {
		return ""
	}
	return strings.TrimSpace(text[tokens[i].start:])
}

// clientProblem describes an unresolved client, or nil when it resolved.
func clientProblem(r Resolution) *Problem {
	switch {
	case r.Found():
		return nil
	case r.Missing():
		return &Problem{Field: FieldClient, Issue: IssueMissing}
	case r.IsAmbiguous():
		return &Problem{Field: FieldClient, Issue: IssueAmbiguous, Input: r.Query}
	}
	return &Problem{Field: FieldClient, Issue: IssueUnknown, Input: r.Query}
}

// anchorClient narrows an unknown client's words to those before the first
// word (from the second on) that anchor reports as the next field, since
// an unknown name's length cannot be learnt from the names themselves.
func anchorClient(r Resolution, all []string, anchor func(i int) bool) Resolution {
	if !r.Unknown() {
		return r
	}
	for i := 1; i < min(len(all), maxNameWords+1); i++ {
		if anchor(i) {
			return taken(r, all, i)
		}
	}
	return r
}
