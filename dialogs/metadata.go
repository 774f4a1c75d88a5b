package dialogs

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/tact-bot/tact/bot/blockkit"
)

// MetadataVersion is bumped when Metadata changes incompatibly, so a modal
// opened by an older release is recognised instead of misread.
const MetadataVersion = 1

// Metadata is what a modal carries in private_metadata between opening and
// submission: where to answer and what it is about.
type Metadata struct {
	Version  int    `json:"v"`
	Channel  string `json:"ch,omitempty"`  // where the modal was opened from: the reply goes there
	Incident int64  `json:"inc,omitempty"` // the incident being edited
	Source   string `json:"src,omitempty"` // storage.Source*: how the incident is being logged
	Reply    string `json:"ru,omitempty"`  // response_url of the reply to replace after an edit
}

// ErrMetadata means a submission's private_metadata is not ours or not
// this version's.
var ErrMetadata = errors.New("unreadable private_metadata")

// String encodes m for private_metadata. A response_url that would push it
// over Slack's limit is dropped: the edit then answers with a new message.
func (m Metadata) String() string {
	m.Version = MetadataVersion
	b, _ := json.Marshal(m) // plain strings and ints: cannot fail
	if len(b) > blockkit.MaxMetadata {
		m.Reply = ""
		b, _ = json.Marshal(m)
	}
	return string(b)
}

// ParseMetadata decodes private_metadata written by String.
func ParseMetadata(s string) (Metadata, error) {
	var m Metadata
	if err := decodeMeta(s, &m, &m.Version, MetadataVersion); err != nil {
		return Metadata{}, err
	}
	return m, nil
}

// decodeMeta decodes private_metadata s into m, whose version field is
// version, and checks that it is this release's version, want.
func decodeMeta(s string, m any, version *int, want int) error {
	if err := json.Unmarshal([]byte(s), m); err != nil {
		return fmt.Errorf("%w: %v", ErrMetadata, err)
	}
	if *version != want {
		return fmt.Errorf("%w: version %d", ErrMetadata, *version)
	}
	return nil
}

// MetadataChannel is the channel a modal was opened from, read from its
// private_metadata, or "" when that is not ours or names none.
func MetadataChannel(privateMetadata string) string {
	m, err := ParseMetadata(privateMetadata)
	if err != nil {
		return ""
	}
	return m.Channel
}
