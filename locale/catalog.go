package locale

import (
	"embed"
	"fmt"
	"io/fs"
	"path"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Every TOML file in these directories is loaded; adding a topic file needs
// no code change.
//
//go:embed messages/en/*.toml messages/ru/*.toml
var embedded embed.FS

// Catalog holds the parsed messages of every supported language. It is
// immutable after New and safe for concurrent use.
type Catalog struct {
	// messages keeps the raw parsed messages per language for Check.
	messages map[string]map[string]entry
	printers map[string]*Printer
}

// entry is one parsed message and the file that defined it.
type entry struct {
	msg  *i18n.Message
	file string
}

// New loads the embedded catalogues. It fails if a file does not parse or a
// message id is defined twice in one language.
func New() (*Catalog, error) {
	sub, err := fs.Sub(embedded, "messages")
	if err != nil {
		return nil, fmt.Errorf("opening embedded messages: %w", err)
	}
	return NewFromFS(sub)
}

// NewFromFS loads catalogues laid out as <lang>/<topic>.toml at the root of
// fsys (en/common.toml, ru/common.toml, ...). New uses it with the embedded
// files; tests use it with in-memory catalogues.
func NewFromFS(fsys fs.FS) (*Catalog, error) {
	bundle := i18n.NewBundle(language.English)
	c := &Catalog{
		messages: map[string]map[string]entry{},
		printers: map[string]*Printer{},
	}
	for _, lang := range []string{EN, RU} {
		msgs, err := loadLanguage(fsys, lang)
		if err != nil {
			return nil, err
		}
		c.messages[lang] = msgs
		list := make([]*i18n.Message, 0, len(msgs))
		for _, e := range msgs {
			list = append(list, e.msg)
		}
		if err := bundle.AddMessages(language.Make(lang), list...); err != nil {
			return nil, fmt.Errorf("adding %s messages: %w", lang, err)
		}
	}
	for _, lang := range []string{EN, RU} {
		c.printers[lang] = newPrinter(lang, i18n.NewLocalizer(bundle, lang))
	}
	return c, nil
}

// loadLanguage parses every <lang>/*.toml file, rejecting duplicate ids so a
// later file cannot silently override an earlier one.
func loadLanguage(fsys fs.FS, lang string) (map[string]entry, error) {
	files, err := fs.Glob(fsys, path.Join(lang, "*.toml"))
	if err != nil {
		return nil, fmt.Errorf("listing %s message files: %w", lang, err)
	}
	msgs := map[string]entry{}
	for _, file := range files {
		buf, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", file, err)
		}
		parsed, err := i18n.ParseMessageBytes(buf, toml.Unmarshal)
		if err != nil {
			return nil, fmt.Errorf("parsing %s: %w", file, err)
		}
		for _, m := range parsed {
			if prev, ok := msgs[m.ID]; ok {
				return nil, fmt.Errorf("message %q defined in both %s and %s", m.ID, prev.file, file)
			}
			msgs[m.ID] = entry{msg: m, file: file}
		}
	}
	return msgs, nil
}

// For returns the printer for lang; an unsupported language gets English.
func (c *Catalog) For(lang string) *Printer {
	if p, ok := c.printers[lang]; ok {
		return p
	}
	return c.printers[EN]
}
