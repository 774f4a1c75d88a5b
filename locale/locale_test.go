package locale_test

import (
	"testing"

	"github.com/tact-bot/tact/locale"
)

// newCatalog loads the real embedded catalogue or stops the test.
func newCatalog(t *testing.T) *locale.Catalog {
	t.Helper()
	c, err := locale.New()
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func TestMatch(t *testing.T) {
	tests := []struct {
		locale, fallback, want string
	}{
		{"ru-RU", "en", "ru"},
		{"en-US", "ru", "en"},
		{"en-GB", "ru", "en"},
		{"RU", "en", "ru"},
		{"ru_RU", "en", "ru"},
		{" ru-RU ", "en", "ru"},
		{"", "ru", "ru"},
		{"", "en", "en"},
		{"de-DE", "ru", "ru"},
		{"es-ES", "en", "en"},
		{"rus", "en", "en"},
		{"", "", "en"},
		{"", "de", "en"},
		{"fr-FR", "RU", "en"}, // fallback must be an exact supported code
		{"ru-RU", "xx", "ru"},
	}
	for _, tt := range tests {
		if got := locale.Match(tt.locale, tt.fallback); got != tt.want {
			t.Errorf("Match(%q, %q) = %q, want %q", tt.locale, tt.fallback, got, tt.want)
		}
	}
}

func TestSupported(t *testing.T) {
	for lang, want := range map[string]bool{"en": true, "ru": true, "": false, "de": false, "ru-RU": false, "EN": false} {
		if got := locale.Supported(lang); got != want {
			t.Errorf("Supported(%q) = %v, want %v", lang, got, want)
		}
	}
}

func FuzzMatch(f *testing.F) {
	for _, s := range []string{"ru-RU", "en-US", "", "-", "_", "ru_", "\xff"} {
		f.Add(s, "ru")
	}
	f.Fuzz(func(t *testing.T, slackLocale, fallback string) {
		if got := locale.Match(slackLocale, fallback); !locale.Supported(got) {
			t.Fatalf("Match(%q, %q) = %q, not supported", slackLocale, fallback, got)
		}
	})
}
