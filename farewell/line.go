package farewell

import (
	"time"

	"github.com/tact-bot/tact/locale"
)

// Line is one sentence of a draft, chosen but not yet rendered: a catalogue
// message id and the values its placeholders take. Values stay typed (a
// date, an amount) until Render formats them for the language, so choosing
// the text is independent of the language it is written in.
type Line struct {
	ID     string
	Plural bool // render with Count, choosing the plural form
	Count  int
	Args   map[string]Arg
}

// Arg is a placeholder value; Render formats it for the printer's language.
// A Line is itself an Arg (a message nested in another).
type Arg interface {
	format(p *locale.Printer) string
}

// Render formats the line in the printer's language.
func (l Line) Render(p *locale.Printer) string {
	data := l.data(p)
	if l.Plural {
		return p.N(l.ID, l.Count, data)
	}
	return p.T(l.ID, data)
}

func (l Line) format(p *locale.Printer) string { return l.Render(p) }

// data formats the values for the message template.
func (l Line) data(p *locale.Printer) map[string]any {
	data := make(map[string]any, len(l.Args))
	for k, a := range l.Args {
		data[k] = a.format(p)
	}
	return data
}

// msg is a line without placeholders.
func msg(id string) Line { return Line{ID: id} }

// msgWith is a line with placeholders.
func msgWith(id string, args map[string]Arg) Line { return Line{ID: id, Args: args} }

// count is a plural line: "7 incidents", "7 инцидентов".
func count(id string, n int) Line { return Line{ID: id, Plural: true, Count: n} }

// text is user-typed or stored text, shown as it is.
type text string

func (t text) format(*locale.Printer) string { return string(t) }

// number is a count shown with the language's digit grouping.
type number int

func (n number) format(p *locale.Printer) string { return p.Number(int64(n)) }

// date is a calendar day.
type date time.Time

func (d date) format(p *locale.Printer) string { return p.Date(time.Time(d)) }

// money is an amount in minor units of a currency.
type money struct {
	minor    int64
	currency string
}

func (m money) format(p *locale.Printer) string { return p.Money(m.minor, m.currency) }

// percent is a share, written as a percentage.
type percent float64

func (x percent) format(p *locale.Printer) string { return p.Percent(float64(x)) }

// hours is a duration in minutes, written as hours in prose.
type hours int

func (h hours) format(p *locale.Printer) string { return p.Hours(int(h)) }

// decimal is a score or a median, with one fraction digit at most.
type decimal float64

func (d decimal) format(p *locale.Printer) string {
	x := float64(d)
	if x == float64(int64(x)) {
		return p.Decimal(x, 0)
	}
	return p.Decimal(x, 1)
}

// mention is a Slack user id, shown as a mention.
type mention string

func (m mention) format(*locale.Printer) string { return "<@" + string(m) + ">" }

// list joins its items with the language's "and" (or "or").
type list struct {
	items []Arg
	or    bool
}

func (l list) format(p *locale.Printer) string {
	parts := make([]string, len(l.items))
	for i, a := range l.items {
		parts[i] = a.format(p)
	}
	if l.or {
		return p.ListOr(parts)
	}
	return p.List(parts)
}

func textList(items []string) list {
	out := list{items: make([]Arg, len(items))}
	for i, s := range items {
		out.items[i] = text(s)
	}
	return out
}

func lineList(lines []Line) list {
	out := list{items: make([]Arg, len(lines))}
	for i, l := range lines {
		out.items[i] = l
	}
	return out
}

// Para is a paragraph of a draft: its lines joined by spaces, or, as a
// bullet list, one line each.
type Para struct {
	Lines   []Line
	Bullets bool
}

func para(lines ...Line) Para { return Para{Lines: lines} }

func bullets(lines ...Line) Para { return Para{Lines: lines, Bullets: true} }
