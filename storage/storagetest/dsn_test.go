package storagetest

import (
	"testing"
)

func TestParseDSN(t *testing.T) {
	tests := []struct {
		name                           string
		dsn                            string
		host, port, user, pass, dbname string
		options                        string
	}{
		{
			name: "tcp url",
			dsn:  "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable",
			host: "127.0.0.1", port: "5432", user: "postgres", dbname: "postgres",
			options: "sslmode=disable",
		},
		{
			name: "url with password and no database",
			dsn:  "postgresql://app:s%40cret@db.internal:6543",
			host: "db.internal", port: "6543", user: "app", pass: "s@cret", dbname: "postgres",
		},
		{
			name: "unix socket key=value",
			dsn:  "host=/tmp/tact-pgtest-1/run port=5432 dbname=tact user=tact sslmode=disable",
			port: "5432", user: "tact", dbname: "tact",
			options: "host=%2Ftmp%2Ftact-pgtest-1%2Frun&sslmode=disable",
		},
		{
			name: "quoted key=value",
			dsn:  `host='/tmp/with space' user='o\'brien'  password='' dbname=x`,
			user: "o'brien", dbname: "x",
			options: "host=%2Ftmp%2Fwith+space",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := parseDSN(tt.dsn)
			if err != nil {
				t.Fatalf("parseDSN(%q): %v", tt.dsn, err)
			}
			got := [...]string{c.Host, c.Port, c.User, c.Password, c.Database, c.Options, c.DriverName}
			want := [...]string{tt.host, tt.port, tt.user, tt.pass, tt.dbname, tt.options, "postgres"}
			if got != want {
				t.Errorf("parseDSN(%q)\n got host,port,user,pass,db,options,driver = %q\nwant %q", tt.dsn, got, want)
			}
		})
	}
}

func TestParseDSNRejectsMalformed(t *testing.T) {
	for _, dsn := range []string{"host", "user='unterminated", "postgres://[::1"} {
		if _, err := parseDSN(dsn); err == nil {
			t.Errorf("parseDSN(%q) succeeded, want an error", dsn)
		}
	}
}
