package digest

import (
	"reflect"
	"slices"
	"testing"
)

// byHealth's order and tie-breaks, some of which need flag combinations
// (two team-relative flags) that are awkward to arrange through Build.
func TestByHealth(t *testing.T) {
	flags := func(kinds ...FlagKind) []Flag {
		var fs []Flag
		for _, k := range kinds {
			fs = append(fs, newFlag(k))
		}
		return fs
	}
	fig := func(id int64, name string, margin int64, fs []Flag) ClientFigures {
		risk := 0
		for _, f := range fs {
			risk += f.Weight
		}
		return ClientFigures{ClientID: id, Name: name, Margin: margin, Flags: fs, Risk: risk, Health: Health{Score: 50}}
	}
	scored := func(c ClientFigures, score int) ClientFigures { c.Health.Score = score; return c }
	clients := []ClientFigures{
		fig(1, "quiet", -50, nil),
		fig(2, "two flags", 0, flags(LatePayment, IncidentsRising)),                      // 4 in 2 flags
		fig(3, "three flags", 0, flags(BelowFloor, StandsOutIncidents, StandsOutStrain)), // 4 in 3 flags
		fig(4, "heavy", 500, flags(Subsidising, StrainHigh)),                             // 6
		fig(5, "Same", 0, flags(LatePayment)),                                            // 2
		fig(6, "same", 0, flags(LatePayment)),                                            // 2, same name but for case: by id
		fig(7, "poorer", -10, flags(LatePayment)),                                        // 2, lower margin
		fig(8, "Éclair", 0, flags(StandsOutStrain)),                                      // 1
		fig(9, "ébène", 0, flags(StandsOutStrain)),                                       // 1: case folded, "ébène" before "éclair"
		fig(10, "quieter", -60, nil),
		scored(fig(11, "worst", 0, flags(StandsOutStrain)), 20),         // flagged, lowest score: first
		scored(fig(12, "unflagged but poor", 0, nil), 10),               // never above a flagged client
		scored(fig(13, "healthy and heavy", 0, flags(Subsidising)), 90), // flagged, but healthier
	}
	slices.SortFunc(clients, byHealth)
	var ids []int64
	for _, c := range clients {
		ids = append(ids, c.ClientID)
	}
	want := []int64{11, 4, 3, 2, 7, 5, 6, 9, 8, 13, 12, 10, 1}
	if !reflect.DeepEqual(ids, want) {
		t.Errorf("order = %v; want %v", ids, want)
	}
}
