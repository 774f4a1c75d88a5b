package farewell_test

import (
	"maps"
	"reflect"
	"strings"
	"testing"

	"github.com/tact-bot/tact/farewell"
	"github.com/tact-bot/tact/ledger"
)

func TestPreAnswer(t *testing.T) {
	all := func(c, d, o, th bool) map[farewell.Sign]bool {
		return map[farewell.Sign]bool{
			farewell.SignComplaints: c, farewell.SignDisrespect: d,
			farewell.SignObligations: o, farewell.SignThreats: th,
		}
	}
	tests := []struct {
		name      string
		incidents map[ledger.Category]int
		want      map[farewell.Sign]bool
	}{
		{"no incidents", nil, all(false, false, false, false)},
		{"one complaint is not a pattern", map[ledger.Category]int{ledger.Complaints: 1}, all(false, false, false, false)},
		{"repeated complaints", map[ledger.Category]int{ledger.Complaints: 2}, all(true, false, false, false)},
		{"one insult", map[ledger.Category]int{ledger.Disrespect: 1}, all(false, true, false, false)},
		{"late payment answers obligations", map[ledger.Category]int{ledger.LatePayment: 1}, all(false, false, true, false)},
		{"one threat", map[ledger.Category]int{ledger.Threats: 1}, all(false, false, false, true)},
		{"other categories answer nothing", map[ledger.Category]int{
			ledger.ScopeCreep: 5, ledger.Micromanagement: 3, ledger.Attention: 2, ledger.Devaluation: 4, ledger.Other: 9,
		}, all(false, false, false, false)},
		{"everything", map[ledger.Category]int{
			ledger.Complaints: 4, ledger.Disrespect: 2, ledger.LatePayment: 3, ledger.Threats: 1,
		}, all(true, true, true, true)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := farewell.PreAnswer(farewell.Evidence{Incidents12w: tt.incidents})
			if !maps.Equal(got, tt.want) {
				t.Errorf("PreAnswer = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestReasons(t *testing.T) {
	got := farewell.Reasons(map[farewell.Sign]bool{
		farewell.SignThreats: true, farewell.SignComplaints: true, farewell.SignDisrespect: false,
	})
	want := []farewell.Sign{farewell.SignComplaints, farewell.SignThreats}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Reasons = %v, want %v (wizard order, yes answers only)", got, want)
	}
	if got := farewell.Reasons(nil); got != nil {
		t.Errorf("Reasons(nil) = %v, want nil", got)
	}
}

func TestSignCategory(t *testing.T) {
	for _, s := range farewell.Signs() {
		if !s.Category().Valid() {
			t.Errorf("sign %q maps to no incident category", s)
		}
	}
	if farewell.SignObligations.Category() != ledger.LatePayment {
		t.Errorf("obligations should be answered by late-payment incidents")
	}
}

// TestEvidenceNamesNoOne guards the promise that the wizard cannot name who
// reported an incident: nothing reachable from Evidence may hold a person.
func TestEvidenceNamesNoOne(t *testing.T) {
	seen := map[reflect.Type]bool{}
	var walk func(path string, typ reflect.Type)
	walk = func(path string, typ reflect.Type) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Map {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || seen[typ] {
			return
		}
		seen[typ] = true
		for f := range typ.Fields() {
			name := strings.ToLower(f.Name)
			// "by" only as a suffix ("ReportedBy"): "MinutesByDept" names none.
			if strings.HasSuffix(name, "by") {
				t.Errorf("%s.%s looks like it names a person", path, f.Name)
			}
			for _, bad := range []string{"report", "author", "user", "who", "member", "voter"} {
				if strings.Contains(name, bad) {
					t.Errorf("%s.%s looks like it names a person", path, f.Name)
				}
			}
			walk(path+"."+f.Name, f.Type)
		}
	}
	walk("Evidence", reflect.TypeFor[farewell.Evidence]())
}
