package storage

import (
	"net/url"
	"strings"
	"testing"
)

func TestWithTimeouts(t *testing.T) {
	tests := []struct{ dsn, statement, want string }{
		{"postgres://u@h/db?sslmode=disable", "10s", "postgres://u@h/db?connect_timeout=5&sslmode=disable&statement_timeout=10s"},
		// The operator's own values win.
		{"postgres://u@h/db?connect_timeout=2&statement_timeout=0", "10s", "postgres://u@h/db?connect_timeout=2&statement_timeout=0"},
		{"postgresql://u@h/db", "", "postgresql://u@h/db?connect_timeout=5"},
		{"host=/run/pg dbname=tact", "10s", "host=/run/pg dbname=tact connect_timeout=5 statement_timeout=10s"},
		{"host=h connect_timeout = 1 statement_timeout=30s", "10s", "host=h connect_timeout = 1 statement_timeout=30s"},
		// A key that merely ends like ours is not ours.
		{"host=h xconnect_timeout=1", "", "host=h xconnect_timeout=1 connect_timeout=5"},
	}
	for _, tt := range tests {
		got, err := withTimeouts(tt.dsn, tt.statement)
		if err != nil || got != tt.want {
			t.Errorf("withTimeouts(%q, %q) = %q, %v; want %q", tt.dsn, tt.statement, got, err, tt.want)
		}
	}
	if _, err := withTimeouts("postgres://u@h:port/db", "10s"); err == nil {
		t.Error("a malformed URL was accepted")
	}
}

// Whatever DATABASE_URL holds, withTimeouts never panics, and what it
// returns sets both timeouts, keeping every value the operator gave.
func FuzzWithTimeouts(f *testing.F) {
	for _, s := range []string{"postgres://u@h/db?sslmode=disable", "postgresql://u:p@h:5432/db?statement_timeout=0",
		"host=/run/pg dbname=tact", "host=h connect_timeout=1", "", "postgres://", "postgres://u@h/db?a=%zz", "x=1 statement_timeout = 2s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, dsn string) {
		got, err := withTimeouts(dsn, "10s")
		if err != nil {
			return
		}
		if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
			if !strings.HasPrefix(got, strings.TrimSpace(dsn)) || !hasKey(got, "connect_timeout") || !hasKey(got, "statement_timeout") {
				t.Fatalf("withTimeouts(%q) = %q", dsn, got)
			}
			return
		}
		u, err := url.Parse(got)
		if err != nil {
			t.Fatalf("withTimeouts(%q) = %q, which does not parse: %v", dsn, got, err)
		}
		q := u.Query()
		if !q.Has("connect_timeout") || !q.Has("statement_timeout") {
			t.Fatalf("withTimeouts(%q) = %q lacks a timeout", dsn, got)
		}
	})
}
