package farewell_test

import (
	"strings"
	"testing"

	"github.com/tact-bot/tact/farewell"
	"github.com/tact-bot/tact/locale"
)

// The follow-up promised in the script, the formal notice and the handover
// act are drafted from the decision; what the manager did not give stays a
// bracketed blank.
func TestLetters(t *testing.T) {
	cat := catalog(t)
	d := partWays(locale.RU)
	d.Part.Contract, d.Part.Clause, d.Part.NoticeDays = "№ 15 от 01.02.2025", "п. 8.2", 30
	dr, err := farewell.Draft(cat, evidence(), d)
	if err != nil {
		t.Fatal(err)
	}
	assertContains(t, "ru notice", dr.Notice, "УВЕДОМЛЕНИЕ об отказе от исполнения договора",
		"в соответствии с п. 8.2 договора № 15 от 01.02.2025", "Договор прекращается 30 ноября 2026",
		"срок уведомления (30 дней) соблюдён", "акту приёма-передачи")
	assertContains(t, "ru act", dr.HandoverAct, "АКТ ПРИЁМА-ПЕРЕДАЧИ к договору № 15 от 01.02.2025", "• admin access to the shop", "Northwind Traders")
	assertContains(t, "ru follow-up", dr.FollowUp, "завершается 30 ноября 2026", "admin access to the shop", "Blue Harbour Studio")
	if dr.Titles[farewell.DocNotice] == "" || dr.Titles[farewell.DocHandoverAct] == "" || dr.Titles[farewell.DocFollowUp] == "" {
		t.Errorf("titles: %v", dr.Titles)
	}

	en := partWays(locale.EN)
	en.Part.Handover = nil
	dr, err = farewell.Draft(cat, evidence(), en)
	if err != nil {
		t.Fatal(err)
	}
	assertContains(t, "en notice", dr.Notice, "under [clause no.] of contract [no. __ of __]")
	assertContains(t, "en act", dr.HandoverAct, "Access to the systems and services")
	assertContains(t, "en follow-up", dr.FollowUp, "Our work with Northwind Traders ends on 30 Nov 2026",
		"a full handover", "anna@blueharbour.example")
	if strings.Contains(dr.Notice, "notice period") {
		t.Errorf("a notice period nobody gave:\n%s", dr.Notice)
	}
	for _, doc := range []string{dr.Notice, dr.HandoverAct, dr.FollowUp} {
		assertRendered(t, "letter", doc)
	}

	// Boundaries and recovery write no letters of parting.
	dr, err = farewell.Draft(cat, evidence(), boundaries(locale.RU))
	if err != nil {
		t.Fatal(err)
	}
	if dr.Notice != "" || dr.FollowUp != "" || dr.HandoverAct != "" {
		t.Error("letters of parting for a client we keep")
	}
}
