package main

import (
	"strings"
	"testing"
	"time"
)

// TestStrainTrendIsTheSameEverywhere shows the one strain trend (issue 11):
// for the same two poll results the card, the list, the digest and the
// farewell wizard all say the strain went up. The results are 23/12 (12
// answers) then 13/6 (6 answers), a rise of exactly a quarter point that
// float64 computes as 0.2499…: the digest used to call it up, the card,
// the list and the wizard steady.
func TestStrainTrendIsTheSameEverywhere(t *testing.T) {
	w := startFarewellWorld(t)
	acme := w.fwSeedDifficult("Acme")
	now := time.Now().UTC()
	for _, r := range []struct {
		closed  time.Time
		answers int
		tally   string
	}{
		{now.Add(-26 * time.Hour), 12, "{5,4,2,1,0}"}, // 23 points: 1.92
		{now.Add(-time.Hour), 6, "{3,1,1,0,1}"},       // 13 points: 2.17
	} {
		w.exec(`INSERT INTO strain_polls (team_id, client_id, channel_id, message_ts, lang, created_by, closes_at, closed_at, answers, tally)
			VALUES ($1, $2, 'C0TREND', '1.0', 'en', '', $3, $3, $4, $5::integer[])`, teamID, acme, r.closed, r.answers, r.tally)
	}

	w.expect(manager, "/client", "show Acme", "2.2 out of 5, 6 answers", "up from 1.9")
	w.expect(manager, "/client", "list", "strain 2.2/5 ↑")
	w.expect(manager, "/digest", "", "strain 2.2 out of 5 ↑")
	if got := w.fwOpenWizard(manager, "Acme").text(); !strings.Contains(got, "2.2 out of 5, rising") {
		t.Errorf("the wizard's evidence does not say the strain is rising:\n%s", got)
	}
}
