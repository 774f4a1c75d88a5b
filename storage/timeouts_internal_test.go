package storage

import "testing"

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
