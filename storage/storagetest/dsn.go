package storagetest

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/peterldowns/pgtestdb"
)

// parseDSN turns a lib/pq DSN, URL or key=value form, into the pgtestdb
// server config. A unix socket directory travels in Options as host=...,
// which lib/pq reads from the URL pgtestdb builds.
func parseDSN(dsn string) (pgtestdb.Config, error) {
	var params url.Values
	var err error
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		params, err = urlParams(dsn)
	} else {
		params, err = keyValueParams(dsn)
	}
	if err != nil {
		return pgtestdb.Config{}, fmt.Errorf("parsing database DSN: %w", err)
	}
	conf := pgtestdb.Config{
		DriverName: "postgres",
		User:       take(params, "user"),
		Password:   take(params, "password"),
		Database:   take(params, "dbname"),
		Port:       take(params, "port"),
		// Tests may leak connections (a whole bot, killed backends); dropping
		// their database must not fail because of that.
		ForceTerminateConnections: true,
	}
	if host := params.Get("host"); !strings.HasPrefix(host, "/") {
		conf.Host = take(params, "host")
	}
	if conf.Database == "" {
		conf.Database = "postgres"
	}
	conf.Options = params.Encode()
	return conf, nil
}

func take(v url.Values, key string) string {
	s := v.Get(key)
	v.Del(key)
	return s
}

func urlParams(dsn string) (url.Values, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return nil, err
	}
	params := u.Query()
	set := func(k, v string) {
		if v != "" {
			params.Set(k, v)
		}
	}
	if u.User != nil {
		set("user", u.User.Username())
		pw, _ := u.User.Password()
		set("password", pw)
	}
	set("host", u.Hostname())
	set("port", u.Port())
	set("dbname", strings.TrimPrefix(u.Path, "/"))
	return params, nil
}

// keyValueParams parses "host=/tmp port=5432 user='a b'" as lib/pq does:
// values may be single-quoted, with backslash escapes.
func keyValueParams(dsn string) (url.Values, error) {
	params := url.Values{}
	rest := strings.TrimSpace(dsn)
	for rest != "" {
		key, after, ok := strings.Cut(rest, "=")
		if !ok {
			return nil, fmt.Errorf("missing '=' after %q", rest)
		}
		key = strings.TrimSpace(key)
		value, remainder, err := kvValue(strings.TrimLeft(after, " \t"))
		if err != nil {
			return nil, fmt.Errorf("value of %s: %w", key, err)
		}
		params.Set(key, value)
		rest = strings.TrimSpace(remainder)
	}
	return params, nil
}

func kvValue(s string) (value, rest string, err error) {
	if !strings.HasPrefix(s, "'") {
		end := strings.IndexAny(s, " \t\n")
		if end < 0 {
			return s, "", nil
		}
		return s[:end], s[end:], nil
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			}
		case '\'':
			return b.String(), s[i+1:], nil
		default:
			b.WriteByte(s[i])
		}
	}
	return "", "", fmt.Errorf("unterminated quote")
}
