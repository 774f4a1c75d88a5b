package farewell_test

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"

	"github.com/tact-bot/tact/farewell"
	"github.com/tact-bot/tact/locale"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current drafts")

// assertRendered fails on text that is empty or shows a rendering gap.
func assertRendered(t *testing.T, what, s string) {
	t.Helper()
	if strings.TrimSpace(s) == "" {
		t.Errorf("%s: empty", what)
	}
	for _, mark := range []string{"{{", "}}", "<no value>", "⟨", "%!"} {
		if strings.Contains(s, mark) {
			t.Errorf("%s: contains %q: %s", what, mark, s)
		}
	}
}

func hasCyrillic(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) })
}

// assertContains fails unless s holds every one of subs.
func assertContains(t *testing.T, what, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("%s lacks %q:\n%s", what, sub, s)
		}
	}
}

// assertLanguage checks a draft is written in lang (the fixtures' own data
// is in English, so only the catalogue text can bring Cyrillic in).
func assertLanguage(t *testing.T, what, lang, s string) {
	t.Helper()
	if got := hasCyrillic(s); got != (lang == locale.RU) {
		t.Errorf("%s: Cyrillic = %v in a %s draft:\n%s", what, got, lang, s)
	}
}

func TestDraftPartWays(t *testing.T) {
	cat := catalog(t)
	ev := evidence()
	for _, lang := range []string{locale.EN, locale.RU} {
		for _, tone := range farewell.Tones() {
			for _, group := range farewell.Groups() {
				for _, refund := range farewell.Refunds() {
					for _, withReferral := range []bool{true, false} {
						for _, channel := range farewell.Channels() {
							name := fmt.Sprintf("%s/%s/%s/%s/referral=%v/%s", lang, tone, group, refund, withReferral, channel)
							t.Run(name, func(t *testing.T) {
								d := partWays(lang)
								p := *d.Part
								d.Part = &p
								d.Tone, d.Group, p.Refund, p.Channel = tone, group, refund, channel
								if !withReferral {
									p.Referral = nil
								}
								if group == farewell.Hostile {
									p.Reasons = []farewell.Sign{farewell.SignThreats, farewell.SignComplaints}
								}
								checkPartWays(t, cat, ev, d)
							})
						}
					}
				}
			}
		}
	}
}

func checkPartWays(t *testing.T, cat *locale.Catalog, ev farewell.Evidence, d farewell.Decision) {
	t.Helper()
	p := cat.For(d.Lang)
	dr, err := farewell.Draft(cat, ev, d)
	if err != nil {
		t.Fatalf("Draft: %v", err)
	}
	lang, part := d.Lang, d.Part
	// Written documents give the date in full; the script says it as
	// spoken, without the year when it is near.
	end, said := p.Date(part.EndDate), p.SpokenDate(part.EndDate, false)
	if dr.Lang != lang || dr.Path != farewell.PartWays {
		t.Errorf("Drafts are %s/%s, want %s/part_ways", dr.Lang, dr.Path, lang)
	}
	if len(dr.Conversation) != 7 {
		t.Fatalf("conversation has %d steps, want 7", len(dr.Conversation))
	}
	for i, s := range dr.Conversation {
		what := fmt.Sprintf("step %d", i+1)
		assertRendered(t, what+" title", s.Title)
		assertRendered(t, what+" note", s.Note)
		assertRendered(t, what+" text", s.Text)
		assertLanguage(t, what, lang, s.Title+s.Note+s.Text)
		if !strings.HasPrefix(s.Title, fmt.Sprintf("%d. ", i+1)) {
			t.Errorf("%s title %q is not numbered", what, s.Title)
		}
	}
	for _, doc := range []struct{ name, text string }{
		{"summary", dr.Summary}, {"referral intro", dr.ReferralIntro},
	} {
		assertRendered(t, doc.name, doc.text)
	}
	if len(dr.Checklist) < 10 {
		t.Errorf("checklist has %d items", len(dr.Checklist))
	}
	for i, item := range dr.Checklist {
		assertRendered(t, fmt.Sprintf("checklist %d", i+1), item)
	}
	if dr.BoundaryMemo != "" || dr.DeskNote != "" || dr.RecoveryPlan != "" {
		t.Errorf("part ways drafts hold other paths' text")
	}

	frame, help, closing := dr.Conversation[0].Text, dr.Conversation[4].Text, dr.Conversation[6].Text
	checklist := strings.Join(dr.Checklist, "\n")
	assertContains(t, "frame", frame, said)
	assertContains(t, "summary", dr.Summary, d.Client, end)
	assertContains(t, "closing", closing, d.Client, said)
	assertContains(t, "help", help, said)
	assertContains(t, "checklist", checklist, d.Client, end, "<@"+part.Speaker+">")
	if lang == locale.EN {
		assertContains(t, "frame", frame, d.Client)
	}

	// Each chosen reason is framed in the chosen tone, and no other is.
	for _, s := range farewell.ReasonSigns() {
		sentence := p.T("farewell.talk.frame." + string(d.Tone) + "." + string(s))
		chosen := false
		for _, r := range part.Reasons {
			chosen = chosen || r == s
		}
		if got := strings.Contains(frame, sentence); got != chosen {
			t.Errorf("frame holds the %s sentence = %v, chosen = %v", s, got, chosen)
		}
		if chosen {
			assertContains(t, "summary", dr.Summary, p.T("farewell.sign."+string(s)))
		}
	}

	// Refund wording.
	assertContains(t, "help", help, p.T("farewell.talk.help.refund."+string(part.Refund), map[string]any{"EndDate": said}))
	assertContains(t, "summary", dr.Summary, p.T("farewell.summary.refund."+string(part.Refund)))

	// Referral, or the offer to suggest one.
	if r := part.Referral; r != nil {
		assertContains(t, "help", help, r.Provider, r.WhyFit)
		assertContains(t, "referral note", dr.ReferralNote, r.Provider, r.Contact, d.Client, end)
		assertContains(t, "referral intro", dr.ReferralIntro, r.Provider, r.Contact, r.WhyFit)
		assertContains(t, "checklist", checklist, r.Provider)
		assertRendered(t, "referral note", dr.ReferralNote)
		assertLanguage(t, "referral note", lang, dr.ReferralNote)
	} else {
		if dr.ReferralNote != "" {
			t.Errorf("a referral note without a referral: %q", dr.ReferralNote)
		}
		if want := p.T("farewell.referral.on_request"); dr.ReferralIntro != want {
			t.Errorf("referral intro = %q, want the on-request line %q", dr.ReferralIntro, want)
		}
		assertContains(t, "help", help, p.T("farewell.talk.help.referral_offer"))
	}

	// The handover items are listed where the client hears about help.
	for _, item := range part.Handover {
		assertContains(t, "help", help, item)
	}

	// Titles exist exactly for the filled drafts.
	for _, doc := range farewell.Docs() {
		_, titled := dr.Titles[doc]
		filled := dr.Body(doc) != ""
		if titled != filled {
			t.Errorf("%s: titled = %v, filled = %v", doc, titled, filled)
		}
	}
	assertRendered(t, "whole text", dr.Text())
}

func TestDraftNeutralSpeaksOfServiceNotBlame(t *testing.T) {
	cat := catalog(t)
	for _, lang := range []string{locale.EN, locale.RU} {
		d := partWays(lang)
		d.Tone = farewell.Neutral
		dr, err := farewell.Draft(cat, evidence(), d)
		if err != nil {
			t.Fatal(err)
		}
		p := cat.For(lang)
		frame := dr.Conversation[0].Text
		assertContains(t, lang+" neutral frame", frame, p.T("farewell.talk.frame.open.neutral", map[string]any{
			"Client": d.Client, "EndDate": p.SpokenDate(d.Part.EndDate, false),
		}))
		for _, s := range farewell.Signs() {
			if strings.Contains(frame, p.T("farewell.talk.frame.direct."+string(s))) {
				t.Errorf("%s neutral frame uses the direct %s sentence", lang, s)
			}
		}
	}
}

func TestDraftFigures(t *testing.T) {
	cat := catalog(t)
	tests := []struct {
		lang string
		want []string
	}{
		// 78 hours over 12 weeks, $18,500 against $12,000, said aloud.
		{locale.EN, []string{"about 80 hours", "6 to 7 hours a week", "$19,000", "$12,000", "8 difficult situations"}},
		{locale.RU, []string{"примерно 80 часов", "6–7 часов в неделю", "19\u00a0000\u00a0$", "12\u00a0000\u00a0$", "8 сложных ситуаций"}},
	}
	for _, tt := range tests {
		dr, err := farewell.Draft(cat, evidence(), partWays(tt.lang))
		if err != nil {
			t.Fatal(err)
		}
		assertContains(t, tt.lang+" how we decided", dr.Conversation[1].Text, tt.want...)

		d := partWays(tt.lang)
		d.Share = farewell.Share{Incidents: true}
		dr, err = farewell.Draft(cat, evidence(), d)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(dr.Conversation[1].Text, tt.want[0]) || strings.Contains(dr.Conversation[1].Text, tt.want[2]) {
			t.Errorf("%s: figures not chosen for sharing were shared:\n%s", tt.lang, dr.Conversation[1].Text)
		}
		assertContains(t, tt.lang+" incidents only", dr.Conversation[1].Text, tt.want[4])
	}
}

func TestDraftBoundaries(t *testing.T) {
	cat := catalog(t)
	for _, lang := range []string{locale.EN, locale.RU} {
		for _, tone := range farewell.Tones() {
			for _, group := range farewell.Groups() {
				for _, terms := range []string{"a 20% deposit before work starts.", ""} {
					t.Run(fmt.Sprintf("%s/%s/%s/terms=%v", lang, tone, group, terms != ""), func(t *testing.T) {
						d := boundaries(lang)
						b := *d.Boundaries
						d.Boundaries = &b
						d.Tone, d.Group, b.PaymentTerms = tone, group, terms
						dr, err := farewell.Draft(cat, evidence(), d)
						if err != nil {
							t.Fatal(err)
						}
						p := cat.For(lang)
						minutes := p.N("count.minutes", b.ContactMinutes)
						for name, s := range map[string]string{"memo": dr.BoundaryMemo, "desk": dr.DeskNote, "summary": dr.Summary} {
							assertRendered(t, name, s)
							assertLanguage(t, name, lang, s)
						}
						// The client hears when and how fast we answer; the
						// per-contact limit stays in the internal desk note.
						assertContains(t, "memo", dr.BoundaryMemo, append(append([]string{d.Client, "within four working hours",
							p.T("farewell.memo.default_hours")}, b.InScope...), b.OutOfScope...)...)
						if strings.Contains(dr.BoundaryMemo, minutes) {
							t.Errorf("the client memo gives the internal contact limit:\n%s", dr.BoundaryMemo)
						}
						assertContains(t, "memo", dr.BoundaryMemo, b.Channels...)
						assertContains(t, "memo", dr.BoundaryMemo, p.T("farewell.memo.close."+string(tone)))
						assertContains(t, "desk note", dr.DeskNote, append([]string{d.Client, minutes}, b.OutOfScope...)...)
						assertContains(t, "desk note", dr.DeskNote, b.Channels...)
						if terms != "" {
							assertContains(t, "memo", dr.BoundaryMemo, "a 20% deposit before work starts")
							if strings.Contains(dr.BoundaryMemo, "starts..") {
								t.Errorf("doubled full stop after the terms")
							}
						}
						if got := strings.Contains(dr.DeskNote, p.T("farewell.desk.hostile")); got != (group == farewell.Hostile) {
							t.Errorf("hostile desk rule present = %v for %s", got, group)
						}
						if len(dr.Conversation) > 0 || dr.RecoveryPlan != "" || len(dr.Checklist) > 0 {
							t.Errorf("boundary drafts hold other paths' text")
						}
					})
				}
			}
		}
	}
}

func TestDraftBoundariesDefaultMinutes(t *testing.T) {
	cat := catalog(t)
	d := boundaries(locale.RU)
	d.Boundaries.ContactMinutes = 0
	dr, err := farewell.Draft(cat, evidence(), d)
	if err != nil {
		t.Fatal(err)
	}
	assertContains(t, "desk note", dr.DeskNote, "3 минуты")
}

func TestDraftRecovery(t *testing.T) {
	cat := catalog(t)
	for _, lang := range []string{locale.EN, locale.RU} {
		for _, group := range []farewell.Group{farewell.Negotiating, farewell.WantsToNegotiate} {
			t.Run(lang+"/"+string(group), func(t *testing.T) {
				d := backToStart(lang)
				d.Group = group
				dr, err := farewell.Draft(cat, evidence(), d)
				if err != nil {
					t.Fatal(err)
				}
				p := cat.For(lang)
				assertRendered(t, "recovery", dr.RecoveryPlan)
				assertLanguage(t, "recovery", lang, dr.RecoveryPlan)
				assertContains(t, "recovery", dr.RecoveryPlan, d.Client, d.Recovery.Redo, p.Date(d.Recovery.By),
					p.T("farewell.recovery.soften."+string(group)))
				assertContains(t, "summary", dr.Summary, d.Client, p.Date(d.Recovery.By))
				if len(dr.Conversation) > 0 || dr.BoundaryMemo != "" {
					t.Errorf("recovery drafts hold other paths' text")
				}
			})
		}
	}
}

// TestDraftGolden keeps one full part-ways draft per language for reading:
// English direct, Russian neutral with a call and a full refund.
func TestDraftGolden(t *testing.T) {
	cat := catalog(t)
	ru := partWays(locale.RU)
	ru.Tone, ru.Group = farewell.Neutral, farewell.WantsToNegotiate
	ru.Checks = farewell.Checks{MeasuredHours: true}
	ru.LongTerm = farewell.LongTerm{ReferralSource: true}
	ru.Part.Refund, ru.Part.Channel = farewell.RefundAllLast, farewell.Call
	ru.Part.Reasons = []farewell.Sign{farewell.SignComplaints, farewell.SignObligations}
	ru.Part.Handover = []string{"доступы к магазину", "исходники дизайна", "инструкция по выкладке"}
	ru.Part.Referral = &farewell.Referral{Provider: "Студия «Гавань»", Contact: "Анна, +7 900 000-00-00", WhyFit: "они много лет сопровождают интернет-магазины"}
	for _, tt := range []struct {
		file string
		d    farewell.Decision
	}{
		{"part_ways_en.golden", partWays(locale.EN)},
		{"part_ways_ru.golden", ru},
	} {
		dr, err := farewell.Draft(cat, evidence(), tt.d)
		if err != nil {
			t.Fatal(err)
		}
		got := dr.Text() + "\n"
		path := filepath.Join("testdata", tt.file)
		if *update {
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if got != string(want) {
			t.Errorf("%s differs from the draft (run with -update after reading the diff):\n%s", tt.file, got)
		}
	}
}

// TestDraftCatchesCatalogueGaps breaks the catalogue in two ways a careless
// edit could and expects Draft to refuse rather than send the gap.
func TestDraftCatchesCatalogueGaps(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
	}{
		{"message removed", "reviewed = ", "reviewed_x = "},
		{"placeholder misspelt", "recap = \"To sum up: our work ends on {{.EndDate}}", "recap = \"To sum up: our work ends on {{.EndDay}}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for _, lang := range []string{locale.EN, locale.RU} {
				dir := filepath.Join("..", "locale", "messages", lang)
				files, err := filepath.Glob(filepath.Join(dir, "*.toml"))
				if err != nil || len(files) == 0 {
					t.Fatalf("reading %s: %v", dir, err)
				}
				for _, f := range files {
					buf, err := os.ReadFile(f)
					if err != nil {
						t.Fatal(err)
					}
					s := string(buf)
					if filepath.Base(f) == "farewell.toml" {
						s = strings.Replace(s, tt.old, tt.new, 1)
					}
					fsys[lang+"/"+filepath.Base(f)] = &fstest.MapFile{Data: []byte(s), Mode: fs.ModePerm}
				}
			}
			cat, err := locale.NewFromFS(fsys)
			if err != nil {
				t.Fatal(err)
			}
			_, err = farewell.Draft(cat, evidence(), partWays(locale.EN))
			if err == nil || errors.Is(err, farewell.ErrInvalid) {
				t.Fatalf("Draft with a broken catalogue: err = %v, want a rendering error", err)
			}
		})
	}
}

// TestDraftKeepsUserText checks that what the manager typed reaches the
// drafts as typed, braces and all, without being mistaken for a gap.
func TestDraftKeepsUserText(t *testing.T) {
	d := partWays(locale.EN)
	d.Client = "Acme {{.Client}} ⟨beta⟩"
	dr, err := farewell.Draft(catalog(t), evidence(), d)
	if err != nil {
		t.Fatalf("Draft: %v", err)
	}
	assertContains(t, "summary", dr.Summary, d.Client)
}

func FuzzDraft(f *testing.F) {
	f.Add("Northwind", "Blue Harbour", "admin access", "they know retail", "5", true)
	f.Add(" ", "", "", "", "", false)
	f.Add("{{.X}}", "%!d", "<no value>", "⟨x⟩.", "a; b.", true)
	cat := catalog(f)
	f.Fuzz(func(t *testing.T, client, provider, item, why, terms string, ru bool) {
		lang := locale.EN
		if ru {
			lang = locale.RU
		}
		for _, d := range []farewell.Decision{partWays(lang), boundaries(lang)} {
			d.Client = client
			if d.Part != nil {
				p := *d.Part
				p.Referral = &farewell.Referral{Provider: provider, WhyFit: why}
				p.Handover = []string{item}
				d.Part = &p
			} else {
				b := *d.Boundaries
				b.OutOfScope = []string{item}
				b.PaymentTerms = terms
				d.Boundaries = &b
			}
			dr, err := farewell.Draft(cat, evidence(), d)
			if errs := d.Validate(today); len(errs) > 0 {
				if !errors.Is(err, farewell.ErrInvalid) {
					t.Fatalf("invalid decision %v drafted: err = %v", errs, err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("Draft of a valid decision: %v", err)
			}
			if !strings.Contains(dr.Summary, strings.TrimSpace(client)) {
				t.Fatalf("summary lacks the client %q:\n%s", client, dr.Summary)
			}
		}
	})
}
