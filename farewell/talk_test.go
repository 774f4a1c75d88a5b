package farewell_test

import (
	"strings"
	"testing"

	"github.com/tact-bot/tact/farewell"
	"github.com/tact-bot/tact/locale"
)

// Tone decides what may be said: a neutral talk counts no incidents and
// names no date of a fee cut, and every tone has a line that keeps the
// decision closed.
func TestToneDecidesWhatIsSaid(t *testing.T) {
	cat := catalog(t)
	for _, lang := range []string{locale.EN, locale.RU} {
		p := cat.For(lang)
		for _, tone := range farewell.Tones() {
			d := partWays(lang)
			d.Tone = tone
			d.Share = farewell.Share{Hours: true, Money: true, Incidents: true}
			dr, err := farewell.Draft(cat, evidence(), d)
			if err != nil {
				t.Fatal(err)
			}
			decided, emotion, apology := dr.Conversation[1], dr.Conversation[2].Text, dr.Conversation[3].Text
			counted := strings.Contains(decided.Text, p.N("farewell.count.situations", 8))
			if counted != (tone == farewell.Direct) {
				t.Errorf("%s %s: incidents counted = %v", lang, tone, counted)
			}
			if !strings.Contains(emotion, p.T("farewell.talk.emotion.reply_final."+string(tone))) {
				t.Errorf("%s %s: no line that keeps the decision closed:\n%s", lang, tone, emotion)
			}
			since := strings.Contains(apology, p.SpokenMonth(*evidence().RevenueFallingSince, false))
			if since != (tone == farewell.Direct) {
				t.Errorf("%s %s: the month of the fee cut named = %v:\n%s", lang, tone, since, apology)
			}
			// Money at a loss in a neutral talk comes with a warning to the speaker.
			warned := strings.Contains(decided.Note, p.T("farewell.talk.decided.note_money_neutral"))
			if warned != (tone == farewell.Neutral) {
				t.Errorf("%s %s: money warning = %v", lang, tone, warned)
			}
		}
	}
}
