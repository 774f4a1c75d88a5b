package farewell_test

import (
	"strings"
	"testing"

	"github.com/tact-bot/tact/farewell"
	"github.com/tact-bot/tact/locale"
)

func soften(lang string) farewell.Decision {
	return farewell.Decision{
		Client: "Northwind Traders", Lang: lang, Group: farewell.Hostile, Path: farewell.Soften, Tone: farewell.Neutral,
		Soften: &farewell.SoftenDetails{LastDay: day(2026, 12, 31), Refund: farewell.RefundPartLast, RefundMinor: 150_000,
			Gesture: "a free month of hosting", Handover: []string{"admin access to the shop"}},
	}
}

// Softening the blow writes a calm closing message and a note for the
// team, in every tone and group, and nothing of the other paths.
func TestDraftSoften(t *testing.T) {
	cat := catalog(t)
	for _, lang := range []string{locale.EN, locale.RU} {
		p := cat.For(lang)
		for _, tone := range farewell.Tones() {
			for _, group := range farewell.Groups() {
				d := soften(lang)
				d.Tone, d.Group = tone, group
				dr, err := farewell.Draft(cat, evidence(), d)
				if err != nil {
					t.Fatalf("%s %s %s: %v", lang, tone, group, err)
				}
				for name, s := range map[string]string{"closing": dr.ClosingMessage, "note": dr.SoftenNote, "summary": dr.Summary} {
					assertRendered(t, name, s)
					assertLanguage(t, name, lang, s)
				}
				assertContains(t, "closing", dr.ClosingMessage, p.Date(day(2026, 12, 31)), "a free month of hosting", "admin access to the shop",
					p.Money(150_000, "USD"), p.T("farewell.closing.door."+string(tone)))
				assertContains(t, "note", dr.SoftenNote, p.T("farewell.soften.no_pursuit"), p.T("farewell.soften.reviews"))
				if got := strings.Contains(dr.SoftenNote, p.T("farewell.soften.hostile")); got != (group == farewell.Hostile) {
					t.Errorf("%s %s: hostile rule = %v", lang, group, got)
				}
				if len(dr.Conversation) > 0 || dr.Notice != "" || dr.BoundaryMemo != "" || dr.RecoveryPlan != "" {
					t.Errorf("soften drafts hold other paths' text")
				}
				if dr.Titles[farewell.DocClosing] == "" || dr.Titles[farewell.DocSoftenNote] == "" {
					t.Errorf("titles: %v", dr.Titles)
				}
			}
		}
	}
	d := soften(locale.EN)
	d.Soften.LastDay = day(2026, 1, 1)
	errs := d.Validate(day(2026, 11, 1))
	if len(errs) != 1 || errs[0].Field != farewell.FieldLastDay || errs[0].Code != farewell.CodePast {
		t.Errorf("a last day in the past: %v", errs)
	}
	// Soften is open to every group, hostile included.
	if !farewell.Soften.Allows(farewell.Hostile) {
		t.Error("softening the blow refused for a hostile client")
	}
}
