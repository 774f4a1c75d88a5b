package locale_test

import "testing"

func TestList(t *testing.T) {
	c := newCatalog(t)
	tests := []struct {
		lang  string
		items []string
		and   string
		or    string
	}{
		{"en", nil, "", ""},
		{"en", []string{"a"}, "a", "a"},
		{"en", []string{"a", "b"}, "a and b", "a or b"},
		{"en", []string{"a", "b", "c"}, "a, b and c", "a, b or c"},
		{"ru", []string{"a", "b"}, "a и b", "a или b"},
		{"ru", []string{"a", "b", "c"}, "a, b и c", "a, b или c"},
	}
	for _, tt := range tests {
		p := c.For(tt.lang)
		if got := p.List(tt.items); got != tt.and {
			t.Errorf("%s List(%q) = %q, want %q", tt.lang, tt.items, got, tt.and)
		}
		if got := p.ListOr(tt.items); got != tt.or {
			t.Errorf("%s ListOr(%q) = %q, want %q", tt.lang, tt.items, got, tt.or)
		}
	}
}
