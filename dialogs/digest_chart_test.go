package dialogs_test

import (
	"bytes"
	"fmt"
	"image/png"
	"testing"
	"time"

	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/locale"
)

func TestDigestChartIsAPNG(t *testing.T) {
	cat, err := locale.New()
	if err != nil {
		t.Fatal(err)
	}
	r := digest.Report{Week: digest.WeekOf(day("2026-11-18"), time.UTC)}
	for i := range 40 {
		r.Clients = append(r.Clients, digest.ClientFigures{ClientID: int64(i), Name: fmt.Sprintf("Ромашка и партнёры %d", i), Cost: int64(i) * 12_345, Revenue: 1_000_000})
	}
	for _, lang := range []string{"en", "ru"} {
		raw, err := dialogs.DigestChart(cat.For(lang), r, "RUB")
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("%s chart is not a PNG: %v", lang, err)
		}
		if b := img.Bounds(); b.Dx() < 400 || b.Dy() < 300 {
			t.Errorf("%s chart is %v", lang, b)
		}
	}
	if raw, err := dialogs.DigestChart(cat.For("en"), digest.Report{}, "USD"); raw != nil || err != nil {
		t.Errorf("an empty report drew %d bytes, %v", len(raw), err)
	}
}
