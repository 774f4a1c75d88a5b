package locale

import (
	"maps"

	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// Printer renders messages and values for one language. It is safe for
// concurrent use.
type Printer struct {
	lang      string
	localizer *i18n.Localizer
	conv      conventions
}

func newPrinter(lang string, l *i18n.Localizer) *Printer {
	return &Printer{lang: lang, localizer: l, conv: conventionsFor(lang)}
}

// Lang returns the printer's language code (EN or RU).
func (p *Printer) Lang() string { return p.lang }

// T renders message id with the given template data (maps are merged in
// order). An unknown id renders as "⟨id⟩" so the gap is visible rather than
// fatal; Check catches it in tests. A message missing only in Russian falls
// back to the English text.
func (p *Printer) T(id string, data ...map[string]any) string {
	return p.localize(id, nil, merge(data))
}

// N renders plural message id for count. The template sees {{.Count}} as the
// count already formatted for the language (grouped: "1,200" / "1 200").
func (p *Printer) N(id string, count int, data ...map[string]any) string {
	d := merge(data)
	d["Count"] = p.Number(int64(count))
	return p.localize(id, count, d)
}

// localize runs go-i18n; pluralCount is an int or a decimal string ("1.5")
// and selects the CLDR plural form.
func (p *Printer) localize(id string, pluralCount any, data map[string]any) string {
	out, err := p.localizer.Localize(&i18n.LocalizeConfig{
		MessageID:    id,
		TemplateData: data,
		PluralCount:  pluralCount,
	})
	if err != nil && out == "" {
		// Not found, or a broken template with no usable "other" form.
		return "⟨" + id + "⟩"
	}
	// Otherwise err may be a harmless fallback (English text, "other" form).
	return out
}

func merge(data []map[string]any) map[string]any {
	out := map[string]any{}
	for _, d := range data {
		maps.Copy(out, d)
	}
	return out
}
