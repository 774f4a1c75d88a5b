package dialogs

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot/blockkit"
	"github.com/tact-bot/tact/bot/slacktest"
	"github.com/tact-bot/tact/farewell"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
)

func fwCatalog(t *testing.T) *locale.Catalog {
	t.Helper()
	cat, err := locale.New()
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func fwDay(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func ptr[T any](v T) *T { return &v }

// stressState is a wizard at its largest: the longest name, long texts in
// every field, every list full, in the given path and language.
func stressState(path farewell.Path, lang string) farewellState {
	name := strings.Repeat("Ж&<", 26) + "Ы!"
	long := func(n int) string {
		return string([]rune(strings.Repeat("Очень длинный текст & <тег> ", n/20+1))[:n])
	}
	lines := func(n, each int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = strings.Repeat("ю", each)
		}
		return out
	}
	ev := farewell.Evidence{
		ClientName: name, Incidents12w: map[ledger.Category]int{}, IncidentsWithLinks12w: 90, Currency: "RUB",
		Cost4w: 1 << 50, Revenue4w: 1 << 50, Cost12w: 1 << 52, Revenue12w: 1 << 52,
		Minutes12w: 1 << 20, Unrated: lines(60, 40), Strain: ptr(4.75), StrainTrend: ledger.Up,
		RevenueFallingSince: ptr(fwDay("2026-01-05")), TeamMedianIncidents: ptr(2.5), TeamMedianStrain: ptr(3.0),
	}
	for _, c := range ledger.Categories() {
		ev.Incidents12w[c] = 99
	}
	for i := range farewell.RecentShown {
		ev.Recent = append(ev.Recent, farewell.Incident{Category: ledger.Threats, Severity: ledger.SeverityHigh,
			Day: fwDay("2026-10-01").AddDate(0, 0, i), Description: long(3000), Links: []string{"https://x.example/" + long(100)}})
	}
	var revenue []ledger.Revenue
	for i := range evidenceRevenue {
		revenue = append(revenue, ledger.Revenue{AmountMinor: 1 << 40, Period: ledger.Year, From: fwDay("2026-01-01").AddDate(0, i, 0)})
	}
	d := farewell.Decision{
		Client: name, Lang: lang, Signs: map[farewell.Sign]bool{farewell.SignThreats: true, farewell.SignDisrespect: true},
		LongTerm: farewell.LongTerm{StrategicBrand: true, EarlyAdopter: true, ReferralSource: true, ReputationRisk: true},
		Checks:   farewell.Checks{Reviewer: "U0REVIEWER"},
		Group:    farewell.Negotiating, Path: path, Tone: farewell.Neutral,
		Share: farewell.Share{Hours: true, Money: true, Incidents: true},
		Part: &farewell.PartDetails{
			EndDate: fwDay("2026-12-31"), Reasons: farewell.Signs(), Refund: farewell.RefundAllLast,
			Referral: &farewell.Referral{Provider: long(maxDetailLine), Contact: long(maxDetailLine), WhyFit: long(maxDetailList)},
			Handover: lines(60, 30), Speaker: "U0SPEAKER", Channel: farewell.Call,
		},
		Boundaries: &farewell.BoundaryDetails{InScope: lines(60, 30), OutOfScope: lines(60, 30), ContactMinutes: 60,
			Channels: lines(60, 30), PaymentTerms: long(maxDetailLine), OfficeHours: long(maxDetailLine), ResponseTime: long(maxDetailLine),
			ReviewBy: fwDay("2026-12-31")},
		Recovery: &farewell.RecoveryDetails{Redo: long(maxDetailList), By: fwDay("2026-12-31")},
		Soften: &farewell.SoftenDetails{LastDay: fwDay("2026-12-31"), Refund: farewell.RefundAllLast, RefundMinor: 1 << 40,
			Gesture: long(maxDetailLine), Handover: lines(60, 30)},
	}
	return farewellState{Evidence: ev, Revenue: revenue, Decision: d}
}

func checkFarewellView(t *testing.T, v slack.ModalViewRequest) []byte {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range slacktest.CheckView(raw) {
		t.Error(e)
	}
	if n := len(v.PrivateMetadata); n > slacktest.MaxPrivateMetadata {
		t.Errorf("private_metadata has %d characters", n)
	}
	return raw
}

func TestFarewellViewsWithinSlackLimits(t *testing.T) {
	cat := fwCatalog(t)
	for _, lang := range []string{locale.EN, locale.RU} {
		p := cat.For(lang)
		for _, path := range farewell.Paths() {
			st := stressState(path, lang)
			drafts, err := farewell.Draft(cat, st.Evidence, st.Decision)
			if err != nil {
				t.Fatalf("%s %s: %v", lang, path, err)
			}
			meta := farewellMeta{Client: 1 << 60, Name: st.Decision.Client}
			for s := stepLoading; s <= stepPreview; s++ {
				t.Run(lang+"/"+string(path)+"/"+s.name(), func(t *testing.T) {
					raw := checkFarewellView(t, farewellView(p, meta.at(s), st, drafts))
					if s == stepPreview && len(raw) < maxAckView {
						t.Logf("the largest preview fits in an ack (%d bytes)", len(raw))
					}
				})
			}
			checkFarewellView(t, farewellNotice(p, meta, strings.Repeat("ё", 5000)))
		}
	}
}

func TestFarewellViewsShowTheData(t *testing.T) {
	p := fwCatalog(t).For(locale.EN)
	st := farewellState{
		Evidence: farewell.Evidence{
			ClientName: "Acme", Incidents12w: map[ledger.Category]int{ledger.Disrespect: 2, ledger.LatePayment: 1}, Currency: "USD",
			Cost4w: 61000, Revenue4w: 40000, Minutes12w: 600, TeamMedianIncidents: ptr(1.0),
		},
		Decision: farewell.Decision{Client: "Acme", Lang: locale.EN, Signs: map[farewell.Sign]bool{farewell.SignDisrespect: true}},
	}
	raw := string(checkFarewellView(t, farewellView(p, farewellMeta{Client: 1, Step: stepEvidence}, st, farewell.Drafts{})))
	for _, want := range []string{"$610", "$400", p.N("count.incidents", 3), p.T("farewell.sign_question.threats"),
		`"block_id":"sign.disrespect"`, p.T("farewell.ui.ev.compare_incidents", map[string]any{"Client": "3", "Median": "1"})} {
		if !strings.Contains(raw, want) {
			t.Errorf("evidence step lacks %q", want)
		}
	}
	raw = string(checkFarewellView(t, farewellView(p, farewellMeta{Client: 1, Step: stepCheck}, st, farewell.Drafts{})))
	if !strings.Contains(raw, p.Hours(600)) || !strings.Contains(raw, `"action_id":"farewell.back"`) {
		t.Errorf("check step lacks the hours beside the measuring check, or Back:\n%s", raw)
	}
}

func TestFarewellMetadataRoundTrip(t *testing.T) {
	m := farewellMeta{Step: stepDetails, Client: 42, Name: strings.Repeat("名", 200)}
	got, err := parseFarewellMeta(m.String())
	if err != nil || got.Step != stepDetails || got.Client != 42 || utf8.RuneCountInString(got.Name) != ledger.MaxClientNameRunes {
		t.Errorf("round trip: %+v, %v", got, err)
	}
	for _, bad := range []string{"", "{}", `{"v":2,"s":1,"c":1}`, `{"v":1,"s":9,"c":1}`, `{"v":1,"s":1,"c":0}`, "not json"} {
		if _, err := parseFarewellMeta(bad); err == nil {
			t.Errorf("parseFarewellMeta(%q) accepted", bad)
		}
	}
}

func TestSplitTextKeepsEverythingWithinLimits(t *testing.T) {
	para := strings.Repeat("Строка с & и <знаками> ", 20)
	tests := map[string]string{
		"short":          "one line",
		"paragraphs":     strings.Repeat(para+"\n\n", 40),
		"one long line":  strings.Repeat("я", 7000),
		"escapes":        strings.Repeat("&<>", 3000),
		"mentions":       strings.Repeat("<@U0SPEAKER> leads it.\n", 400),
		"blank and tail": "\n\nfirst\n\n\nsecond\n\n",
	}
	for name, text := range tests {
		for _, m := range []struct {
			name    string
			measure func(string) int
		}{{"runes", utf8.RuneCountInString}, {"mrkdwn", mrkdwnLen}} {
			t.Run(name+"/"+m.name, func(t *testing.T) {
				parts := blockkit.Split(text, 3000, m.measure)
				for i, part := range parts {
					if n := m.measure(part); n > 3000 || n == 0 {
						t.Errorf("part %d measures %d", i, n)
					}
				}
				squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
				if got, want := squash(strings.Join(parts, "\n")), squash(text); got != want {
					t.Errorf("split lost text: %d characters back of %d", len(got), len(want))
				}
			})
		}
	}
	if parts := blockkit.Split("  \n ", 3000, utf8.RuneCountInString); parts != nil {
		t.Errorf("blank text split into %q", parts)
	}
}

func TestEditedDraftsJoinTheirFields(t *testing.T) {
	cat := fwCatalog(t)
	st := stressState(farewell.PartWays, locale.RU)
	drafts, err := farewell.Draft(cat, st.Evidence, st.Decision)
	if err != nil {
		t.Fatal(err)
	}
	blocks := previewBlocks(cat.For(locale.RU), st.Decision.Client, drafts)
	values := viewValues{}
	for _, b := range blocks {
		in, ok := b.(*slack.InputBlock)
		if !ok {
			continue
		}
		el := in.Element.(*slack.PlainTextInputBlockElement)
		v := el.InitialValue
		if in.BlockID == draftBlock(farewell.DocReferralIntro, 0) {
			v = "" // the manager cleared this draft
		}
		if in.BlockID == draftBlock(farewell.DocConversation, 1) {
			v += "\nEDIT"
		}
		values[in.BlockID] = map[string]slack.BlockAction{el.ActionID: {Value: v}}
	}
	if values[draftBlock(farewell.DocConversation, 1)] == nil {
		t.Fatal("the long conversation was not split across fields")
	}
	saved := editedDrafts(drafts, values)
	if saved.Body("summary") != drafts.Summary {
		t.Error("the summary changed")
	}
	if saved.Body("referral_intro") != "" {
		t.Error("a cleared draft was kept")
	}
	conv := saved.Body("conversation")
	if !strings.Contains(conv, "EDIT") || strings.Join(strings.Fields(strings.ReplaceAll(conv, "EDIT", "")), " ") != strings.Join(strings.Fields(drafts.Body(farewell.DocConversation)), " ") {
		t.Error("the conversation did not come back whole with the edit")
	}
	if saved.Body("checklist") != drafts.Body(farewell.DocChecklist) {
		t.Error("an untouched draft changed")
	}
}

func TestReadDetailsKeepsWhatTheViewDidNotSend(t *testing.T) {
	d := farewell.Decision{Path: farewell.PartWays, Lang: locale.EN, Part: &farewell.PartDetails{Speaker: "U1", Channel: farewell.Meeting}}
	readDetails(viewValues{
		blockEndDate:      {fieldAction(blockEndDate): {SelectedDate: "2026-12-01"}},
		blockReasons:      {fieldAction(blockReasons): {SelectedOptions: []slack.OptionBlockObject{{Value: "threats"}}}},
		blockReferral:     {fieldAction(blockReferral): {Value: "  "}},
		blockHandover:     {fieldAction(blockHandover): {Value: "a\n\n b \n"}},
		blockLang:         {fieldAction(blockLang): {SelectedOption: slack.OptionBlockObject{Value: locale.RU}}},
		blockRefundAmount: {fieldAction(blockRefundAmount): {Value: "2 500,50"}},
	}, &d, 2)
	p := d.Part
	if !p.EndDate.Equal(fwDay("2026-12-01")) || len(p.Reasons) != 1 || p.Speaker != "U1" || p.Channel != farewell.Meeting ||
		d.Lang != locale.RU || strings.Join(p.Handover, "|") != "a|b" || p.RefundMinor != 250_050 {
		t.Errorf("read %+v, lang %s", *p, d.Lang)
	}
	b := farewell.Decision{Path: farewell.Boundaries}
	readDetails(viewValues{blockContactMinutes: {fieldAction(blockContactMinutes): {Value: "abc"}}}, &b, 2)
	if errs := stepErrors(fwCatalog(t).For(locale.EN), b, stepDetails, fwDay("2026-11-01")); errs[blockContactMinutes] == "" {
		t.Errorf("an unreadable contact limit passed: %v", errs)
	}
	readDetails(viewValues{blockRefundAmount: {fieldAction(blockRefundAmount): {Value: "a lot"}}}, &d, 2)
	if errs := stepErrors(fwCatalog(t).For(locale.EN), d, stepDetails, fwDay("2026-11-01")); !strings.Contains(errs[blockRefundAmount], "2500") {
		t.Errorf("an unreadable refund amount passed: %v", errs)
	}
}

func FuzzParseFarewellMeta(f *testing.F) {
	f.Add(farewellMeta{Step: stepPath, Client: 7, Name: "Acme"}.String())
	f.Add(`{"v":1,"s":-1,"c":1}`)
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		m, err := parseFarewellMeta(s)
		if err == nil && (!m.Step.valid() || m.Client <= 0) {
			t.Errorf("accepted %q as %+v", s, m)
		}
		if err == nil {
			_ = m.Step.name()
		}
	})
}

func FuzzSplitText(f *testing.F) {
	f.Add("a\n\nb", 3)
	f.Add(strings.Repeat("&<>я", 50), 7)
	f.Add("<@U1> x", 1)
	f.Fuzz(func(t *testing.T, s string, limit int) {
		if limit < 5 || limit > 5000 || !utf8.ValidString(s) {
			return
		}
		for _, part := range blockkit.Split(s, limit, mrkdwnLen) {
			if part == "" {
				t.Errorf("an empty part of %q", s)
			}
			// One character may measure more than a tiny limit (&amp;).
			if n := mrkdwnLen(part); n > limit && utf8.RuneCountInString(part) > 1 {
				t.Errorf("part %q measures %d > %d", part, n, limit)
			}
		}
	})
}
