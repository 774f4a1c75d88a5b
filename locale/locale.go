// Package locale holds Tact's user-facing text: per-language message
// catalogues (English and Russian, with CLDR plural forms via go-i18n) and the
// product's number, money, duration, date and list formatting.
//
// Messages live in messages/<lang>/<topic>.toml, one file per topic per
// language (en/client.toml and ru/client.toml); every such file is embedded
// and loaded by New, with no code change. Ids are dotted, built from TOML
// tables: "[client.add]" then "done = ..." is the id "client.add.done". A
// plural message is a table of CLDR forms ("[count.incidents]" with one/other
// in English, one/few/many/other in Russian). Because of that, the last part
// of an id must not be a go-i18n reserved word (one, few, many, other, zero,
// two, id, description, hash, leftdelim, rightdelim, translation).
// Templates use text/template syntax: {{.Name}}.
//
// Catalog.Check verifies that both languages define the same messages with the
// same plural forms and placeholders; a unit test runs it on the real files.
package locale

import "strings"

// Supported languages. English is the default.
const (
	EN = "en"
	RU = "ru"
)

// Supported reports whether lang is one of the catalogue languages (exact
// code, as returned by Match).
func Supported(lang string) bool {
	return lang == EN || lang == RU
}

// Match maps a Slack user locale ("ru-RU", "en-GB", "en_US", "RU") to a
// catalogue language. An empty or unsupported locale yields fallback, which
// itself must be a supported language or it is replaced by EN.
func Match(slackLocale, fallback string) string {
	if lang := Of(slackLocale); lang != "" {
		return lang
	}
	if !Supported(fallback) {
		return EN
	}
	return fallback
}

// Of is the catalogue language of a Slack user locale, "" when there is
// none.
func Of(slackLocale string) string {
	base, _, _ := strings.Cut(strings.TrimSpace(slackLocale), "-")
	base, _, _ = strings.Cut(base, "_")
	if base = strings.ToLower(base); Supported(base) {
		return base
	}
	return ""
}
