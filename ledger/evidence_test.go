package ledger_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/tact-bot/tact/ledger"
)

func TestCheckEvidence(t *testing.T) {
	field := strings.Join([]string{
		"https://mail.example.com/thread/1",
		"",
		"  http://example.com  ",
		"https://acme.slack.com/archives/C0123/p1700000000000100",
		"<https://drive.example.com/rec.mp3|call recording>",
		"example.com/no-scheme",
		"ftp://files.example.com/x",
		"https://",
		"see https://example.com",
		"https://mail.example.com/thread/1", // repeat, dropped
		"https://" + strings.Repeat("a", ledger.MaxLinkLength) + ".com",
		"http://%zz",
		"\r",
	}, "\n")
	links, errs := ledger.CheckEvidence(field)
	wantLinks := []string{
		"https://mail.example.com/thread/1",
		"http://example.com",
		"https://acme.slack.com/archives/C0123/p1700000000000100",
		"https://drive.example.com/rec.mp3",
	}
	if !reflect.DeepEqual(links, wantLinks) {
		t.Errorf("links = %q\nwant %q", links, wantLinks)
	}
	wantErrs := []struct {
		line int
		err  error
	}{
		{6, ledger.ErrLinkScheme},
		{7, ledger.ErrLinkScheme},
		{8, ledger.ErrLinkNoHost},
		{9, ledger.ErrLinkInvalid},
		{11, ledger.ErrLinkTooLong},
		{12, ledger.ErrLinkInvalid},
	}
	if len(errs) != len(wantErrs) {
		t.Fatalf("errs = %+v; want %d", errs, len(wantErrs))
	}
	for i, w := range wantErrs {
		if errs[i].Line != w.line || !errors.Is(errs[i], w.err) {
			t.Errorf("errs[%d] = line %d %v; want line %d %v", i, errs[i].Line, errs[i].Err, w.line, w.err)
		}
	}
}

func TestCheckEvidenceEmpty(t *testing.T) {
	links, errs := ledger.CheckEvidence(" \n\n ")
	if links != nil || errs != nil {
		t.Errorf("CheckEvidence(blank) = %q, %v", links, errs)
	}
}

func TestIsSlackPermalink(t *testing.T) {
	tests := map[string]bool{
		"https://acme.slack.com/archives/C0123/p1700000000000100":            true,
		"https://acme.enterprise.slack.com/archives/C0123/p1700000000000100": true,
		"https://slack.com/archives/C0123":                                   false,
		"https://acme.slack.com/files/U1/F1":                                 false,
		"http://acme.slack.com/archives/C0123":                               false,
		"https://acme.slack.com.evil.example/archives/C1":                    false,
	}
	for u, want := range tests {
		if got := ledger.IsSlackPermalink(u); got != want {
			t.Errorf("IsSlackPermalink(%q) = %v; want %v", u, got, want)
		}
	}
}

func TestExtractURLs(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"no links here", nil},
		{"see https://example.com/a.", []string{"https://example.com/a"}},
		{"see https://example.com/a, and http://b.example.org/x?y=1;", []string{"https://example.com/a", "http://b.example.org/x?y=1"}},
		{"(https://example.com/a)", []string{"https://example.com/a"}},
		{"https://en.wikipedia.org/wiki/Foo_(bar)", []string{"https://en.wikipedia.org/wiki/Foo_(bar)"}},
		{"wiki (https://en.wikipedia.org/wiki/Foo_(bar)).", []string{"https://en.wikipedia.org/wiki/Foo_(bar)"}},
		{"<https://acme.slack.com/archives/C1/p2|the thread> and <https://x.example/y>", []string{"https://acme.slack.com/archives/C1/p2", "https://x.example/y"}},
		{"HTTPS://EXAMPLE.COM/Up", []string{"HTTPS://EXAMPLE.COM/Up"}},
		{"письмо: «https://mail.example.ru/1» — вот", []string{"https://mail.example.ru/1"}},
		{"twice https://a.example https://a.example", []string{"https://a.example"}},
		{"broken https:// and http:///path", nil},
		{"ftp://files.example.com", nil},
		{"\"https://q.example/\"", []string{"https://q.example/"}},
	}
	for _, tt := range tests {
		if got := ledger.ExtractURLs(tt.text); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ExtractURLs(%q) = %q; want %q", tt.text, got, tt.want)
		}
	}
}
