// Package blockkit holds the Block Kit limits Tact's messages, modals and
// Home tab keep to, and the one way long text is packed into sections, so
// every builder counts the same way. Limits count characters (runes), not
// bytes: Cyrillic text is never cut early or mid-character.
package blockkit

import (
	"unicode/utf8"
)

// Slack's limits the builders keep to, in characters. The Slack test
// server (bot/slacktest) checks them independently, from Slack's reference.
const (
	MaxMessageBlocks = 50
	MaxMessageText   = 40000 // a message's top-level text
	MaxViewBlocks    = 100   // a modal or the Home tab
	MaxSectionText   = 3000
	MaxFieldText     = 2000 // one of a section's fields
	// MaxContextText bounds a context line, a label and a hint: labels and
	// hints allow 2000, and context lines are kept to the same.
	MaxContextText  = 2000
	MaxHeaderText   = 150
	MaxOptionText   = 75
	MaxButtonText   = 75
	MaxPlaceholder  = 150
	MaxStaticSelect = 100  // options in a static select; more need an external select
	MaxInput        = 3000 // plain_text_input max_length and initial_value
	MaxMetadata     = 3000 // private_metadata
)

// SectionRoom is what a packed section carries: under MaxSectionText, so
// a closing line ("…and 12 more") always fits.
const SectionRoom = 2900

// chars is how long s is as Slack counts it: in characters.
func chars(s string) int { return utf8.RuneCountInString(s) }
