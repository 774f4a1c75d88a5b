package ledger_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/tact-bot/tact/ledger"
)

func clientsNamed(names ...string) []ledger.Client {
	out := make([]ledger.Client, len(names))
	for i, n := range names {
		out[i] = ledger.Client{ID: int64(i + 1), TeamID: "T1", Name: n, Status: ledger.StatusActive}
	}
	return out
}

func TestResolveClient(t *testing.T) {
	team := clientsNamed("Acme", "Acme Corp", "Globex", "Initech", "Рога и копыта", "Ромашка", "Umbrella Labs", "Umbrella Logistics")
	tests := []struct {
		name      string
		words     string
		want      string // resolved client name, "" if none
		match     ledger.Match
		rest      []string
		ambiguous []string
		closest   []string
	}{
		{name: "exact", words: "acme 2h", want: "Acme", match: ledger.MatchExact, rest: []string{"2h"}},
		{name: "longest run wins", words: "acme corp late", want: "Acme Corp", match: ledger.MatchExact, rest: []string{"late"}},
		{name: "case ignored", words: "ACME CORP", want: "Acme Corp", match: ledger.MatchExact, rest: []string{}},
		{name: "exact beats prefix", words: "acme", want: "Acme", match: ledger.MatchExact, rest: []string{}},
		{name: "unique prefix", words: "glob 1h", want: "Globex", match: ledger.MatchPrefix, rest: []string{"1h"}},
		{name: "prefix of a multi-word name", words: "acme co rude", want: "Acme Corp", match: ledger.MatchPrefix, rest: []string{"rude"}},
		{name: "prefix beats substring", words: "ini", want: "Initech", match: ledger.MatchPrefix, rest: []string{}},
		{name: "unique substring", words: "tech 30m", want: "Initech", match: ledger.MatchSubstring, rest: []string{"30m"}},
		{name: "substring inside a word", words: "lobe", want: "Globex", match: ledger.MatchSubstring, rest: []string{}},
		{name: "cyrillic exact, multi-word", words: "рога и копыта 2ч", want: "Рога и копыта", match: ledger.MatchExact, rest: []string{"2ч"}},
		{name: "cyrillic case folding", words: "РОМАШКА хамство", want: "Ромашка", match: ledger.MatchExact, rest: []string{"хамство"}},
		{name: "cyrillic prefix", words: "ром 1ч", want: "Ромашка", match: ledger.MatchPrefix, rest: []string{"1ч"}},
		{name: "ambiguous prefix", words: "umbrella 2h", ambiguous: []string{"Umbrella Labs", "Umbrella Logistics"}, rest: []string{"2h"}},
		{name: "ambiguous then resolved longer", words: "umbrella lo 2h", want: "Umbrella Logistics", match: ledger.MatchPrefix, rest: []string{"2h"}},
		{name: "ambiguous cyrillic letter", words: "р", ambiguous: []string{"Рога и копыта", "Ромашка"}, rest: []string{}},
		{name: "unknown with closest", words: "acne 2h", closest: []string{"Acme", "Acme Corp", "Globex"}, rest: []string{"2h"}},
		{name: "unknown two-word name", words: "initeck corp rude", closest: []string{"Initech", "Acme", "Acme Corp"}, rest: []string{"corp", "rude"}},
		{name: "unknown cyrillic", words: "ромашко 1ч", closest: []string{"Ромашка", "Acme", "Globex"}, rest: []string{"1ч"}},
		{name: "no words", words: "", rest: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ledger.ResolveClient(team, strings.Fields(tt.words))
			got := ""
			if r.Client != nil {
				got = r.Client.Name
			}
			if got != tt.want || r.Match != tt.match {
				t.Errorf("client = %q (%q); want %q (%q)", got, r.Match, tt.want, tt.match)
			}
			if len(r.Rest) != len(tt.rest) || (len(tt.rest) > 0 && !reflect.DeepEqual(r.Rest, tt.rest)) {
				t.Errorf("rest = %q; want %q", r.Rest, tt.rest)
			}
			if !reflect.DeepEqual(r.Ambiguous, tt.ambiguous) {
				t.Errorf("ambiguous = %q; want %q", r.Ambiguous, tt.ambiguous)
			}
			if tt.closest != nil && !reflect.DeepEqual(r.Closest, tt.closest) {
				t.Errorf("closest = %q; want %q", r.Closest, tt.closest)
			}
			if r.Found() == (got == "") || r.IsAmbiguous() != (tt.ambiguous != nil) {
				t.Errorf("Found/IsAmbiguous disagree with the result: %+v", r)
			}
			if r.Missing() != (tt.words == "") {
				t.Errorf("Missing() = %v", r.Missing())
			}
		})
	}
}

func TestResolveClientUnknownWhenNoClients(t *testing.T) {
	r := ledger.ResolveClient(nil, []string{"acme", "2h"})
	if !r.Unknown() || r.Query != "acme" || len(r.Closest) != 0 || !reflect.DeepEqual(r.Rest, []string{"2h"}) {
		t.Errorf("ResolveClient(nil) = %+v", r)
	}
}

func TestResolveClientReturnsCopy(t *testing.T) {
	team := clientsNamed("Acme")
	r := ledger.ResolveClient(team, []string{"acme"})
	r.Client.Name = "changed"
	if team[0].Name != "Acme" {
		t.Error("resolution aliases the caller's slice")
	}
}

func TestClosest(t *testing.T) {
	names := []string{"Acme", "Acme Corp", "Globex", "Initech", "Ромашка"}
	tests := []struct {
		query string
		n     int
		want  []string
	}{
		{"acmee", 3, []string{"Acme", "Acme Corp", "Globex"}},
		{"globx", 1, []string{"Globex"}},
		{"РОМАШКИ", 2, []string{"Ромашка", "Acme"}},
		{"initch", 10, []string{"Initech", "Acme", "Globex", "Ромашка", "Acme Corp"}},
		{"x", 0, nil},
	}
	for _, tt := range tests {
		if got := ledger.Closest(names, tt.query, tt.n); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Closest(%q, %d) = %q; want %q", tt.query, tt.n, got, tt.want)
		}
	}
}
