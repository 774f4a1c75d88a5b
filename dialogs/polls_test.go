package dialogs_test

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/strain"
)

func pollCard(scores ...int) dialogs.PollCard {
	loc, _ := time.LoadLocation("Europe/Moscow")
	t := strain.TallyOf(scores)
	c := dialogs.PollCard{PollID: 12, Client: "Acme <Corp>", Answers: t.Count, Min: strain.MinAnswers, Tally: t,
		ClosesAt: time.Date(2026, 11, 19, 6, 0, 0, 0, time.UTC), Zone: loc}
	for i := range c.VoteIDs {
		c.VoteIDs[i] = dialogs.ActionPollVotePrefix + fmt.Sprintf("%016x", i+1)
	}
	return c
}

// While open the message shows how many answered and when it closes,
// never an average or a distribution, however many answered.
func TestOpenPollMessageShowsOnlyTheCount(t *testing.T) {
	cat := catalog(t)
	for _, lang := range []string{locale.EN, locale.RU} {
		p := cat.For(lang)
		for n := range 5 {
			scores := []int{5, 1, 4, 2}[:min(n, 4)]
			m := dialogs.PollMessage(p, pollCard(scores...))
			raw := checkMessage(t, m.Blocks, m.Text)
			avg := p.Decimal(strain.TallyOf(scores).Average(), 1)
			if strings.Contains(raw, "▇") || n > 0 && strings.Contains(raw, "*"+avg+"*") {
				t.Errorf("%s, %d answers: an open poll shows a result\n%s", lang, n, raw)
			}
			if !strings.Contains(raw, p.N("strain.poll.count", len(scores))) {
				t.Errorf("%s, %d answers: the count is missing: %s", lang, n, raw)
			}
			if !strings.Contains(raw, "19 ") || !strings.Contains(raw, "09:00 (Europe/Moscow)") {
				t.Errorf("%s: the closing time is not in the team's zone: %s", lang, raw)
			}
			if strings.Contains(raw, "<Corp>") {
				t.Errorf("the client's name is not escaped: %s", raw)
			}
		}
	}
}

// The score buttons carry the score only in their value.
func TestPollButtonsKeepScoresOutOfActionIDs(t *testing.T) {
	m := dialogs.PollMessage(catalog(t).For(locale.EN), pollCard())
	raw, _ := json.Marshal(m.Blocks)
	var blocks []struct {
		BlockID  string `json:"block_id"`
		Elements []struct {
			ActionID string `json:"action_id"`
			Value    string `json:"value"`
		} `json:"elements"`
	}
	if err := json.Unmarshal(raw, &blocks); err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, b := range blocks {
		if b.BlockID != dialogs.BlockPollVote {
			continue
		}
		for i, e := range b.Elements {
			found++
			id, score, ok := dialogs.ParseVoteValue(e.Value)
			if !ok || id != 12 || score != i+1 {
				t.Errorf("button %d value %q", i+1, e.Value)
			}
			if !strings.HasPrefix(e.ActionID, dialogs.ActionPollVotePrefix) || strings.HasSuffix(e.ActionID, "."+strconv.Itoa(score)) {
				t.Errorf("button %d action_id %q", i+1, e.ActionID)
			}
		}
	}
	if found != strain.MaxScore {
		t.Fatalf("%d score buttons, want %d", found, strain.MaxScore)
	}
}

func TestClosedPollMessage(t *testing.T) {
	cat := catalog(t)
	for _, lang := range []string{locale.EN, locale.RU} {
		p := cat.For(lang)
		few := pollCard(4, 5)
		few.Closed, few.Tally = true, strain.Tally{}
		raw := checkMessage(t, dialogs.PollMessage(p, few).Blocks, "")
		if strings.Contains(raw, "▇") || strings.Contains(raw, `"type":"button"`) || !strings.Contains(raw, p.N("count.answers", 2)) {
			t.Errorf("%s: closed with 2 answers: %s", lang, raw)
		}
		many := pollCard(4, 5, 3, 1)
		many.Closed, many.Shown = true, true
		for i := range 25 { // 25 commenters, one comment each
			many.Comments = append(many.Comments, strings.Repeat("ж", 600)+strconv.Itoa(i)+"\n<b>")
		}
		m := dialogs.PollMessage(p, many)
		raw = checkMessage(t, m.Blocks, m.Text)
		if !strings.Contains(raw, "*"+p.Decimal(3.25, 1)+"*") || !strings.Contains(raw, "▇") || strings.Contains(raw, `"type":"button"`) {
			t.Errorf("%s: closed with 4 answers: %s", lang, raw)
		}
		if !strings.Contains(raw, p.N("strain.poll.comments_more", 15)) || strings.Contains(raw, "<b>") {
			t.Errorf("%s: comments not cut to 10 and escaped: %s", lang, raw)
		}
	}
}

func TestParseVoteValue(t *testing.T) {
	for _, v := range []string{"", "12", "12:0", "12:6", "x:3", "-1:3", "0:3", "12:3:4"} {
		if _, _, ok := dialogs.ParseVoteValue(v); ok {
			t.Errorf("ParseVoteValue(%q) accepted", v)
		}
	}
	if id, s, ok := dialogs.ParseVoteValue(dialogs.VoteValue(7, 5)); !ok || id != 7 || s != 5 {
		t.Errorf("round trip: %d %d %v", id, s, ok)
	}
}

func FuzzParseVoteValue(f *testing.F) {
	f.Add("12:3")
	f.Add("9223372036854775807:5")
	f.Add(":")
	f.Fuzz(func(t *testing.T, v string) {
		if id, s, ok := dialogs.ParseVoteValue(v); ok && (id <= 0 || !strain.ValidScore(s)) {
			t.Fatalf("accepted %q as %d:%d", v, id, s)
		}
	})
}

func TestPollCommentView(t *testing.T) {
	cat := catalog(t)
	for _, lang := range []string{locale.EN, locale.RU} {
		raw := checkView(t, dialogs.PollCommentView(cat.For(lang), strings.Repeat("Я", 80), 3, dialogs.StrainMeta{Poll: 3, Channel: "C1"}))
		if !strings.Contains(raw, `"max_length":500`) || !strings.Contains(raw, dialogs.CallbackPollComment) {
			t.Errorf("%s comment view: %s", lang, raw)
		}
	}
	m, err := dialogs.ParseStrainMeta(dialogs.StrainMeta{Poll: 3, Channel: "C1"}.String())
	if err != nil || m.Poll != 3 || m.Channel != "C1" {
		t.Fatalf("metadata round trip: %+v %v", m, err)
	}
	if _, err := dialogs.ParseStrainMeta(`{"v":99}`); err == nil {
		t.Fatal("another version's metadata was accepted")
	}
}

func namedClients(n, nameLen int) []ledger.Client {
	out := make([]ledger.Client, n)
	for i := range out {
		// Cyrillic: two bytes a letter.
		out[i] = ledger.Client{ID: int64(100000 + i), Name: strings.Repeat("Щ", nameLen-4) + fmt.Sprintf("%04d", i)}
	}
	return out
}

// Every page fits a modal; with ordinary names the next page fits the
// submission's ack, and with the longest it goes by views.update.
func TestPulsePagesWithinSlackLimits(t *testing.T) {
	cat := catalog(t)
	for _, tc := range []struct {
		nameLen int
		fits    bool
	}{{24, true}, {80, false}} {
		all := namedClients(250, tc.nameLen)
		for _, lang := range []string{locale.EN, locale.RU} {
			p := cat.For(lang)
			pages := 0
			for off := 0; off < len(all); off += 25 {
				pg := dialogs.PulsePage{Clients: all[off:min(off+25, len(all))], Offset: off, Total: len(all), Answered: true,
					Meta: dialogs.StrainMeta{Pulse: 9, Channel: "C0123456789"}}
				view := dialogs.PulsePageView(p, pg)
				raw := checkView(t, view)
				ack, _ := json.Marshal(bot.ViewUpdate(view))
				if fits := dialogs.FitsAck(view); fits != (len(ack) < 18<<10) || (tc.fits && !fits) {
					t.Errorf("%s names of %d, page at %d: ack of %d bytes, FitsAck %v", lang, tc.nameLen, off, len(ack), fits)
				}
				if len(view.Blocks.BlockSet) > 100 {
					t.Errorf("%s page at %d has %d blocks", lang, off, len(view.Blocks.BlockSet))
				}
				wantSubmit := p.T("strain.pulse.next")
				if pg.Last() {
					wantSubmit = p.T("strain.pulse.submit")
				}
				if view.Submit.Text != wantSubmit {
					t.Errorf("%s page at %d submits with %q", lang, off, view.Submit.Text)
				}
				meta, err := dialogs.ParseStrainMeta(view.PrivateMetadata)
				if err != nil || meta.Offset != off || len(meta.Clients) != len(pg.Clients) || meta.Pulse != 9 {
					t.Errorf("%s page at %d metadata %+v %v", lang, off, meta, err)
				}
				if !strings.Contains(raw, `"optional":true`) {
					t.Errorf("skipping a client must be allowed: %s", raw[:200])
				}
				pages++
			}
			if pages != 10 {
				t.Errorf("%d pages for 250 clients", pages)
			}
		}
	}
}

func TestReadPulsePage(t *testing.T) {
	st := map[string]map[string]slack.BlockAction{
		"client:1": {dialogs.ActionPulseScore: option("4")},
		"client:2": {dialogs.ActionPulseScore: option("9")},
		"client:3": {dialogs.ActionPulseScore: {}},
		"client:7": {dialogs.ActionPulseScore: option("1")}, // not on this page
	}
	got := dialogs.ReadPulsePage(st, []int64{1, 2, 3, 4})
	want := []dialogs.PulseScore{{1, 4}, {2, 0}, {3, 0}, {4, 0}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("ReadPulsePage = %v, want %v", got, want)
	}
}

func TestPulseMessages(t *testing.T) {
	cat := catalog(t)
	month := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	var results []storage.ClientTally
	for i := range 60 { // only clients with enough answers have a kept tally
		results = append(results, storage.ClientTally{ClientID: int64(i), Client: strings.Repeat("Ы", 80), Tally: strain.TallyOf([]int{1, 2, 3, 4, 5}[:3+i%3])})
	}
	for _, lang := range []string{locale.EN, locale.RU} {
		p := cat.For(lang)
		open := dialogs.PulseMessage(p, dialogs.PulseCard{PulseID: 4, Month: month, ClosesAt: month.Add(72 * time.Hour)})
		raw := checkMessage(t, open.Blocks, open.Text)
		if !strings.Contains(raw, dialogs.ActionPulseOpen) || !strings.Contains(raw, p.MonthYear(month)) {
			t.Errorf("%s open pulse: %s", lang, raw)
		}
		closed := dialogs.PulseMessage(p, dialogs.PulseCard{PulseID: 4, Month: month, Closed: true, Results: results})
		raw = checkMessage(t, closed.Blocks, closed.Text)
		if strings.Contains(raw, `"type":"button"`) || !strings.Contains(raw, p.N("strain.pulse.more", 20)) {
			t.Errorf("%s closed pulse: %s", lang, raw)
		}
		none := dialogs.PulseMessage(p, dialogs.PulseCard{Month: month, Closed: true, Min: 3})
		if raw := checkMessage(t, none.Blocks, none.Text); !strings.Contains(raw, p.T("strain.pulse.no_results", map[string]any{"Min": 3})) {
			t.Errorf("%s closed pulse without results: %s", lang, raw)
		}
	}
}

func FuzzParseStrainMeta(f *testing.F) {
	f.Add(dialogs.StrainMeta{Pulse: 3, Channel: "C1", Offset: 25, Clients: []int64{1, 2}}.String())
	f.Add(`{"v":1,"ids":[1e99]}`)
	f.Add(`null`)
	f.Fuzz(func(t *testing.T, s string) {
		m, err := dialogs.ParseStrainMeta(s)
		if err == nil && len(m.String()) > 3000 && len(s) <= 3000 {
			t.Fatalf("metadata grew past Slack's limit: %q", s)
		}
	})
}
