package dialogs

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"unicode/utf8"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/locale"
)

// The digest's chart: each client's cost to serve beside its revenue for
// the week, the riskiest clients first, as a PNG for the thread.

const (
	chartClients   = 15 // bars beyond this many clients are unreadable
	chartNameRunes = 18
)

// DigestChart draws the report's first clients (by risk) as pairs of bars,
// cost to serve and revenue, in major units of currency. It returns nil
// when the report has no clients.
func DigestChart(p *locale.Printer, r digest.Report, currency string) ([]byte, error) {
	clients := r.Clients[:min(len(r.Clients), chartClients)]
	if len(clients) == 0 {
		return nil, nil
	}
	unit := math.Pow10(locale.MinorDigits(currency))
	cost := make(plotter.Values, len(clients))
	revenue := make(plotter.Values, len(clients))
	names := make([]string, len(clients))
	for i, c := range clients {
		cost[i] = float64(c.Cost) / unit
		revenue[i] = float64(c.Revenue) / unit
		names[i] = shortName(c.Name)
	}
	rng := p.DateRange(r.Week.Start, r.Week.End)
	pl := plot.New()
	pl.Title.Text = p.T("digest.chart.title", map[string]any{"Range": rng})
	pl.Y.Label.Text = p.T("digest.chart.axis", map[string]any{"Currency": currency})
	pl.Y.Min = 0
	pl.Y.Tick.Marker = moneyTicks{p: p}
	width := vg.Points(12)
	costBars, err := plotter.NewBarChart(cost, width)
	if err != nil {
		return nil, fmt.Errorf("charting costs: %w", err)
	}
	costBars.Color, costBars.LineStyle.Width, costBars.Offset = color.RGBA{R: 0xd9, G: 0x48, B: 0x2b, A: 0xff}, 0, -width/2
	revenueBars, err := plotter.NewBarChart(revenue, width)
	if err != nil {
		return nil, fmt.Errorf("charting revenue: %w", err)
	}
	revenueBars.Color, revenueBars.LineStyle.Width, revenueBars.Offset = color.RGBA{R: 0x2b, G: 0x7a, B: 0xd9, A: 0xff}, 0, width/2
	pl.Add(plotter.NewGrid(), costBars, revenueBars)
	pl.Legend.Add(p.T("digest.chart.cost"), costBars)
	pl.Legend.Add(p.T("digest.chart.revenue"), revenueBars)
	pl.Legend.Top = true
	pl.NominalX(names...)
	pl.X.Tick.Label.Rotation = math.Pi / 6
	pl.X.Tick.Label.XAlign, pl.X.Tick.Label.YAlign = draw.XRight, draw.YTop
	// Room beside the outer bars, and above the highest for the legend.
	pl.X.Min, pl.X.Max = -0.75, float64(len(clients)-1)+0.75
	top := 0.0
	for i := range clients {
		top = max(top, cost[i], revenue[i])
	}
	pl.Y.Max = max(top*1.25, 1)
	sans(pl)
	w := max(vg.Inch*6, vg.Length(len(clients))*vg.Points(48))
	wt, err := pl.WriterTo(w, vg.Inch*4.5, "png")
	if err != nil {
		return nil, fmt.Errorf("rendering the chart: %w", err)
	}
	var buf bytes.Buffer
	if _, err := wt.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("encoding the chart: %w", err)
	}
	return buf.Bytes(), nil
}

// sans sets every text of the chart in Liberation Sans, which has Cyrillic
// and reads better small than gonum's default serif.
func sans(pl *plot.Plot) {
	for _, f := range []*font.Font{
		&pl.Title.TextStyle.Font, &pl.Legend.TextStyle.Font,
		&pl.X.Label.TextStyle.Font, &pl.X.Tick.Label.Font,
		&pl.Y.Label.TextStyle.Font, &pl.Y.Tick.Label.Font,
	} {
		f.Typeface, f.Variant = "Liberation", "Sans"
	}
}

func shortName(name string) string {
	if utf8.RuneCountInString(name) <= chartNameRunes {
		return name
	}
	return string([]rune(name)[:chartNameRunes-1]) + "…"
}

// moneyTicks labels the default ticks with the locale's digit grouping.
type moneyTicks struct{ p *locale.Printer }

func (m moneyTicks) Ticks(lo, hi float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(lo, hi)
	for i := range ticks {
		if ticks[i].Label != "" {
			ticks[i].Label = m.p.Number(int64(math.Round(ticks[i].Value)))
		}
	}
	return ticks
}
