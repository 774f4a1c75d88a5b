package ledger_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/tact-bot/tact/ledger"
)

// parseCase is an input and what a parser makes of it: want, or the error
// err.
type parseCase[T comparable] struct {
	in   string
	want T
	err  error
}

// checkParse checks parse, named name, on each case.
func checkParse[T comparable](t *testing.T, name string, parse func(string) (T, error), cases []parseCase[T]) {
	t.Helper()
	for _, tt := range cases {
		got, err := parse(tt.in)
		if tt.err != nil {
			if !errors.Is(err, tt.err) {
				t.Errorf("%s(%q) = %#v, %v; want error %v", name, tt.in, got, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%s(%q) = %#v, %v; want %#v", name, tt.in, got, err, tt.want)
		}
	}
}

func TestValidateClientName(t *testing.T) {
	checkParse(t, "ValidateClientName", ledger.ValidateClientName, []parseCase[string]{
		{"Acme", "Acme", nil},
		{"  Acme Corp  ", "Acme Corp", nil},
		{"Acme \t  Corp", "Acme Corp", nil},
		{"Рога и копыта", "Рога и копыта", nil},
		{"A", "A", nil},
		{"3M", "3M", nil},
		{strings.Repeat("я", 80), strings.Repeat("я", 80), nil},

		{"", "", ledger.ErrNameEmpty},
		{"   ", "", ledger.ErrNameEmpty},
		{strings.Repeat("я", 81), "", ledger.ErrNameTooLong},
		{"Acme\x00", "", ledger.ErrNameInvalid},
		{"Ac\x7fme", "", ledger.ErrNameInvalid},
		{"\xff\xfe", "", ledger.ErrNameInvalid},
		{"!!!", "", ledger.ErrNameInvalid},
	})
}

func TestSameName(t *testing.T) {
	same := [][2]string{
		{"Acme", "ACME"},
		{"Ёлка", "елка"},
		{"Acme, Inc.", "acme inc"},
		{"STRASSE", "strasse"},
		{"Рога и Копыта", "рога  И  копыта"},
	}
	for _, p := range same {
		if !ledger.SameName(p[0], p[1]) {
			t.Errorf("SameName(%q, %q) = false", p[0], p[1])
		}
	}
	if ledger.SameName("Acme", "Acme Corp") {
		t.Error(`SameName("Acme", "Acme Corp") = true`)
	}
	clients := []ledger.Client{{ID: 1, Name: "Acme"}, {ID: 2, Name: "Globex"}}
	if !ledger.NameTaken(clients, "acme", 0) {
		t.Error("NameTaken(acme) = false for a new client")
	}
	if ledger.NameTaken(clients, "ACME", 1) {
		t.Error("NameTaken(ACME) = true when renaming Acme itself")
	}
}

func TestNormalizeDepartment(t *testing.T) {
	checkParse(t, "NormalizeDepartment", ledger.NormalizeDepartment, []parseCase[string]{
		{"Support", "support", nil},
		{"  DELIVERY ", "delivery", nil},
		{"contact-centre", "contact-centre", nil},
		{"call_center", "call_center", nil},
		{"Бухгалтерия", "бухгалтерия", nil},
		{"учёт", "учет", nil},
		{"qa2", "qa2", nil},
		{strings.Repeat("a", 40), strings.Repeat("a", 40), nil},

		{"", "", ledger.ErrDepartmentEmpty},
		{strings.Repeat("a", 41), "", ledger.ErrDepartmentTooLong},
		{"contact centre", "", ledger.ErrDepartmentInvalid},
		{"sales!", "", ledger.ErrDepartmentInvalid},
		{"2024", "", ledger.ErrDepartmentInvalid},
		{"--", "", ledger.ErrDepartmentInvalid},
		{"Straße", "", ledger.ErrDepartmentInvalid}, // only English and Russian letters
	})
}

func TestParseStatus(t *testing.T) {
	for _, s := range ledger.Statuses() {
		if got, ok := ledger.ParseStatus(" " + strings.ToUpper(string(s)) + " "); !ok || got != s {
			t.Errorf("ParseStatus(%q) = %q, %v", s, got, ok)
		}
	}
	if _, ok := ledger.ParseStatus("gone"); ok {
		t.Error(`ParseStatus("gone") ok`)
	}
}
