// Package strain holds the rules of the anonymous strain polls: how answers
// are tallied, when a result may be shown, and how a voter is recognised
// without being stored.
package strain

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/tact-bot/tact/ledger"
)

// MinAnswers is the fewest answers a closed poll (or a client in a pulse)
// may show its average and distribution with, and the default of
// STRAIN_MIN_ANSWERS: below it, one answer could be read off the result.
// While open, nothing but the count is ever shown.
const MinAnswers = 3

// Scores run from 1 (not at all) to 5 (very much).
const (
	MinScore = 1
	MaxScore = 5
)

// ValidScore reports whether s is an answer a poll accepts.
func ValidScore(s int) bool { return s >= MinScore && s <= MaxScore }

// Tally is a poll's answers, without any voter.
type Tally struct {
	Count int
	Sum   int
	Dist  [MaxScore]int // Dist[i] answers of score i+1
}

// TallyOf counts scores; invalid ones are ignored.
func TallyOf(scores []int) Tally {
	var t Tally
	for _, s := range scores {
		if ValidScore(s) {
			t.Count++
			t.Sum += s
			t.Dist[s-1]++
		}
	}
	return t
}

// TallyOfCounts is the tally of counts[i] answers of score i+1, as stored
// at close; a short or long slice counts what fits.
func TallyOfCounts(counts []int) Tally {
	var t Tally
	for i, n := range counts[:min(len(counts), MaxScore)] {
		t.Count += n
		t.Sum += (i + 1) * n
		t.Dist[i] = n
	}
	return t
}

// Counts is the tally as stored: answers per score, from 1.
func (t Tally) Counts() []int { return t.Dist[:] }

// Average is the mean score, 0 with no answers.
func (t Tally) Average() float64 {
	if t.Count == 0 {
		return 0
	}
	return float64(t.Sum) / float64(t.Count)
}

// Bars draws the distribution, one line per score from 1 to 5, each with a
// bar of ▇ scaled to the largest count (at most width blocks).
func (t Tally) Bars(width int) []string {
	most := 0
	for _, n := range t.Dist {
		most = max(most, n)
	}
	lines := make([]string, len(t.Dist))
	for i, n := range t.Dist {
		blocks := 0
		if most > 0 {
			blocks = (n*width + most - 1) / most
		}
		lines[i] = strconv.Itoa(i+1) + " " + strings.Repeat("▇", blocks) + " " + strconv.Itoa(n)
	}
	return lines
}

// VoterKey is what a vote is stored under: a keyed hash of the poll and the
// person. The same person in the same poll always gets the same key, so a
// second vote replaces the first, but without the server's secret the
// database cannot tell whose key it is. scope names the poll ("poll:12",
// "pulse:2026-11:34").
func VoterKey(secret []byte, teamID, scope, userID string) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(teamID))
	mac.Write([]byte{0})
	mac.Write([]byte(scope))
	mac.Write([]byte{0})
	mac.Write([]byte(userID))
	return hex.EncodeToString(mac.Sum(nil))
}

// TrendTolerance is how many points (on the 1–5 scale) the latest result
// must differ from the one before to count as a change: a quarter point,
// less is the noise of who happened to answer.
const TrendTolerance = 0.25

// trendEpsilon absorbs float noise: averages are ratios of small integers,
// so a change that is exactly a quarter point (23/12 → 13/6, say)
// may come out a hair short of 0.25 in float64. Two distinct averages of
// real polls never differ by less than a millionth, so nothing that is
// truly below the tolerance is let through. This is the rule the digest
// always used; the card and the wizard now share it (issue 11).
const trendEpsilon = 1e-9

// Trend is the one strain trend, used by the card, the list, the digest and
// the farewell wizard: the latest result against the one before it, a
// change of TrendTolerance or more counting as up or down. Fewer than two
// results are flat; a view that must tell "no history" apart checks the
// history's length.
func Trend(history []float64) ledger.Direction {
	n := len(history)
	if n < 2 {
		return ledger.Flat
	}
	switch d := history[n-1] - history[n-2]; {
	case d >= TrendTolerance-trendEpsilon:
		return ledger.Up
	case d <= -TrendTolerance+trendEpsilon:
		return ledger.Down
	}
	return ledger.Flat
}

// ButtonID names the button of one score in one poll's message without
// showing the score. Slack wants a distinct action_id per button, and
// action_ids end up in logs and dedupe keys; the score travels only in the
// button's value, which is never logged.
func ButtonID(secret []byte, teamID, scope string, score int) string {
	return VoterKey(secret, teamID, "button:"+scope, strconv.Itoa(score))[:16]
}
