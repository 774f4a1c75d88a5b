package ledger

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// LinkError is a rejected line of an evidence field.
type LinkError struct {
	Line int    // 1-based line number in the field
	Text string // the line as typed, trimmed
	Err  error  // ErrLinkInvalid, ErrLinkScheme, ErrLinkNoHost or ErrLinkTooLong
}

func (e LinkError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e LinkError) Unwrap() error { return e.Err }

// CheckLink validates one evidence link: an http(s) URL with a host (which
// includes Slack permalinks). A Slack-formatted "<url|label>" or "<url>"
// is unwrapped. It returns the bare URL.
func CheckLink(s string) (string, error) {
	u := unwrapSlackLink(strings.TrimSpace(s))
	if utf8.RuneCountInString(u) > MaxLinkLength {
		return "", ErrLinkTooLong
	}
	if u == "" || !utf8.ValidString(u) || strings.IndexFunc(u, unicode.IsSpace) >= 0 {
		return "", ErrLinkInvalid
	}
	parsed, err := url.Parse(u)
	if err != nil {
		return "", ErrLinkInvalid
	}
	if scheme := strings.ToLower(parsed.Scheme); scheme != "http" && scheme != "https" {
		return "", ErrLinkScheme
	}
	if parsed.Hostname() == "" {
		return "", ErrLinkNoHost
	}
	return u, nil
}

// IsSlackPermalink reports whether u links to a Slack message
// (https://<workspace>.slack.com/archives/...).
func IsSlackPermalink(u string) bool {
	parsed, err := url.Parse(u)
	if err != nil || !strings.EqualFold(parsed.Scheme, "https") {
		return false
	}
	host := strings.ToLower(parsed.Hostname())
	return strings.HasSuffix(host, ".slack.com") && strings.HasPrefix(parsed.Path, "/archives/")
}

// CheckEvidence reads an evidence field holding one link per line. Blank
// lines are skipped and repeats dropped; every other line is either a link
// or a LinkError.
func CheckEvidence(lines string) (links []string, errs []LinkError) {
	seen := map[string]bool{}
	for i, line := range strings.Split(lines, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		u, err := CheckLink(line)
		if err != nil {
			errs = append(errs, LinkError{Line: i + 1, Text: line, Err: err})
			continue
		}
		if !seen[u] {
			seen[u] = true
			links = append(links, u)
		}
	}
	return links, errs
}

// ExtractURLs finds the http(s) URLs in free text, in order, without
// repeats. Trailing punctuation (".", ",", an unbalanced ")") is left out,
// and Slack's "<url|label>" form is understood.
func ExtractURLs(text string) []string {
	var out []string
	seen := map[string]bool{}
	for i := 0; i < len(text); {
		n := schemeLen(text[i:])
		if n == 0 {
			i++
			continue
		}
		end := i + n + urlEnd(text[i+n:], i > 0 && text[i-1] == '<')
		candidate := trimURLTail(text[i:end])
		if u, err := CheckLink(candidate); err == nil && !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
		i = end
	}
	return out
}

// schemeLen returns the length of an "http://" or "https://" at the start
// of s, any case, or 0.
func schemeLen(s string) int {
	for _, p := range []string{"https://", "http://"} {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			return len(p)
		}
	}
	return 0
}

// urlEnd finds where a URL's body ends: at white space or a delimiter, and
// for Slack's "<url|label>" at the '|' or '>'.
func urlEnd(s string, slackForm bool) int {
	end := strings.IndexFunc(s, func(r rune) bool {
		if slackForm && r == '|' {
			return true
		}
		return unicode.IsSpace(r) || strings.ContainsRune("<>\"`«»“”", r)
	})
	if end < 0 {
		return len(s)
	}
	return end
}

// trimURLTail drops punctuation that ends the sentence rather than the URL;
// a closing bracket stays when the URL opened it (Wikipedia-style links).
func trimURLTail(u string) string {
	closers := map[rune]rune{')': '(', ']': '[', '}': '{'}
	unmatched := map[rune]int{}
	for closer, opener := range closers {
		unmatched[closer] = strings.Count(u, string(closer)) - strings.Count(u, string(opener))
	}
	for u != "" {
		r, size := utf8.DecodeLastRuneInString(u)
		if _, isCloser := closers[r]; isCloser && unmatched[r] > 0 {
			unmatched[r]--
		} else if !strings.ContainsRune(".,;:!?'…", r) {
			return u
		}
		u = u[:len(u)-size]
	}
	return u
}

func unwrapSlackLink(s string) string {
	if len(s) < 2 || s[0] != '<' || s[len(s)-1] != '>' {
		return s
	}
	inner := s[1 : len(s)-1]
	if i := strings.IndexByte(inner, '|'); i >= 0 {
		inner = inner[:i]
	}
	return inner
}
