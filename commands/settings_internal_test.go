package commands

import (
	"testing"
)

func TestPersonFrom(t *testing.T) {
	tests := []struct {
		word, want string
		ok         bool
	}{
		{"me", "U0SELF", true},
		{"ME", "U0SELF", true},
		{"я", "U0SELF", true},
		{"<@U0ABC|maria>", "U0ABC", true},
		{"<@U0ABC>", "U0ABC", true},
		{"<@W0ENTERPRISE|x y>", "W0ENTERPRISE", true},
		{"@maria", "", false},
		{"<@u0abc>", "", false},
		{"<#C0CHAN|general>", "", false},
		{"<!subteam^S0GROUP>", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := personFrom(tt.word, "U0SELF")
		if got != tt.want || ok != tt.ok {
			t.Errorf("personFrom(%q) = %q, %v; want %q, %v", tt.word, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzPersonFrom(f *testing.F) {
	for _, s := range []string{"me", "<@U0ABC|maria>", "<@U0ABC>", "<@>", "<@U|", "я"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, word string) {
		if id, ok := personFrom(word, "U0SELF"); ok && id == "" {
			t.Errorf("personFrom(%q) accepted an empty id", word)
		}
	})
}
