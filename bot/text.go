package bot

import "strings"

// Slack escapes &, < and > in the text people type (slash commands, message
// text) and reads them as markup in mrkdwn; these two convert between what
// was typed and what Slack carries.

var (
	escaper   = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	unescaper = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")
)

// Escape makes typed text safe inside mrkdwn.
func Escape(s string) string { return escaper.Replace(s) }

// Unescape undoes Slack's escaping, so "Smith &amp; Co" is stored as typed.
func Unescape(s string) string { return unescaper.Replace(s) }
