package farewell_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/tact-bot/tact/farewell"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
)

// Every behaviour an incident records, not only the four warning signs, can
// be a main reason for parting, with its own words in every tone and both
// languages.
func TestEveryReasonHasItsLinesInEveryTone(t *testing.T) {
	cat, err := locale.New()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[ledger.Category]bool{}
	for _, s := range farewell.ReasonSigns() {
		seen[s.Category()] = true
		for _, lang := range []string{locale.EN, locale.RU} {
			for _, tone := range farewell.Tones() {
				d := partWays(lang)
				d.Tone, d.Part.Reasons = tone, []farewell.Sign{s}
				drafts, err := farewell.Draft(cat, evidence(), d)
				if err != nil {
					t.Fatalf("%s %s %s: %v", s, lang, tone, err)
				}
				line := cat.For(lang).T("farewell.talk.frame." + string(tone) + "." + string(s))
				if !strings.Contains(drafts.Conversation[0].Text, line) {
					t.Errorf("%s %s %s: the script lacks %q", s, lang, tone, line)
				}
			}
		}
	}
	for _, c := range ledger.Categories() {
		if c.AgainstClient() && !seen[c] {
			t.Errorf("category %s can't be a reason for parting", c)
		}
	}
}

func TestSuggestedReasons(t *testing.T) {
	ev := farewell.Evidence{Incidents12w: map[ledger.Category]int{ledger.ScopeCreep: 3, ledger.Attention: 1, ledger.Devaluation: 2}}
	got := farewell.SuggestedReasons(ev, map[farewell.Sign]bool{farewell.SignThreats: true})
	want := []farewell.Sign{farewell.SignThreats, farewell.SignScopeCreep, farewell.SignDevaluation}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("SuggestedReasons = %v; want %v (yes answers, then behaviours logged twice or more)", got, want)
	}
}
