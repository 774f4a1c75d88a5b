package storage

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// Every connection gets a connect timeout and a statement timeout, so a
// database that is away or locked fails a request in bounded time instead
// of holding the person's submission (and a pooled connection) forever.
// The DSN's own values win: `connect_timeout` (seconds) and
// `statement_timeout` (PostgreSQL units, e.g. `30s`, `0` for none) in
// DATABASE_URL override these defaults.
const (
	DefaultConnectTimeout   = "5"   // seconds, lib/pq's connect_timeout
	DefaultStatementTimeout = "10s" // well under a handler's deadline
)

// withTimeouts adds the default timeouts to dsn where it sets none.
// statement is "" to leave the statement timeout alone (migrations, whose
// index builds may rightly take longer than any request).
func withTimeouts(dsn, statement string) (string, error) {
	params := []struct{ key, value string }{
		{"connect_timeout", DefaultConnectTimeout},
		{"statement_timeout", statement},
	}
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			return "", fmt.Errorf("reading the database URL: %w", err)
		}
		q := u.Query()
		for _, p := range params {
			if p.value != "" && !q.Has(p.key) {
				q.Set(p.key, p.value)
			}
		}
		u.RawQuery = q.Encode()
		return u.String(), nil
	}
	// key=value form; lib/pq passes keys it does not know (such as
	// statement_timeout) to the server as session settings.
	for _, p := range params {
		if p.value != "" && !hasKey(dsn, p.key) {
			dsn = strings.TrimSpace(dsn + " " + p.key + "=" + p.value)
		}
	}
	return dsn, nil
}

func hasKey(dsn, key string) bool {
	return regexp.MustCompile(`(^|\s)` + regexp.QuoteMeta(key) + `\s*=`).MatchString(dsn)
}
