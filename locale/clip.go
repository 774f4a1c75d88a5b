package locale

import (
	"strings"
	"unicode/utf8"
)

// Clip shortens s to at most n characters (not bytes, so Cyrillic is never
// cut mid-character), ending with "…" when it was cut: for echoing what
// someone typed without letting a huge input break Slack's limits.
func Clip(s string, n int) string {
	if n < 1 || utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimRight(string(r[:n-1]), " ") + "…"
}
