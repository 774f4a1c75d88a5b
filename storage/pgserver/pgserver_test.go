package pgserver_test

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/lib/pq"

	"github.com/tact-bot/tact/storage/pgserver"
)

// debianBinDir is where this project's CI image (Debian, PostgreSQL 15) keeps
// the server binaries.
const debianBinDir = "/usr/lib/postgresql/15/bin"

func TestFindBinaries(t *testing.T) {
	if _, err := os.Stat(filepath.Join(debianBinDir, "initdb")); err != nil {
		t.Fatalf("this test expects PostgreSQL 15 in %s: %v", debianBinDir, err)
	}
	tests := []struct {
		name string
		path string
	}{
		{name: "PATH as is", path: os.Getenv("PATH")},
		{name: "empty PATH falls back to known dirs", path: ""},
		{name: "PATH without postgres", path: "/nonexistent:/bin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("PATH", tt.path)
			dir, err := pgserver.FindBinaries()
			if err != nil {
				t.Fatalf("FindBinaries: %v", err)
			}
			if dir != debianBinDir {
				t.Errorf("FindBinaries = %q, want %q", dir, debianBinDir)
			}
		})
	}
}

func TestErrNoBinariesTellsWhatToDo(t *testing.T) {
	msg := pgserver.ErrNoBinaries.Error()
	for _, want := range []string{"apt-get install postgresql", "brew install postgresql", "DATABASE_URL"} {
		if !strings.Contains(msg, want) {
			t.Errorf("ErrNoBinaries = %q, lacks %q", msg, want)
		}
	}
}

func TestStartKeepsDataAcrossRestarts(t *testing.T) {
	dataDir := reachableDir(t)

	srv := start(t, pgserver.Options{DataDir: dataDir})
	if !strings.Contains(srv.DSN(), "dbname=tact") || !strings.Contains(srv.DSN(), "user=tact") {
		t.Errorf("DSN() = %q, want dbname=tact user=tact", srv.DSN())
	}
	exec(t, srv.DSN(), `CREATE TABLE notes (team_id text NOT NULL, body text NOT NULL)`)
	exec(t, srv.DSN(), `INSERT INTO notes VALUES ('T1', 'kept')`)
	if err := srv.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dataDir, "pg", "postmaster.pid")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("postmaster.pid after Stop: %v, want it gone", err)
	}
	if _, err := os.Stat(filepath.Join(dataDir, "pg.log")); err != nil {
		t.Errorf("server log: %v", err)
	}

	srv = start(t, pgserver.Options{DataDir: dataDir})
	if got := queryString(t, srv.DSN(), `SELECT body FROM notes WHERE team_id = 'T1'`); got != "kept" {
		t.Errorf("after restart body = %q, want %q", got, "kept")
	}
}

func TestStartReusesRunningServer(t *testing.T) {
	dataDir := reachableDir(t)
	first := start(t, pgserver.Options{DataDir: dataDir})
	exec(t, first.DSN(), `CREATE TABLE marker (id int)`)

	second := start(t, pgserver.Options{DataDir: dataDir})
	if second.DSN() != first.DSN() {
		t.Errorf("reused DSN = %q, want %q", second.DSN(), first.DSN())
	}
	exec(t, second.DSN(), `INSERT INTO marker VALUES (1)`)

	if err := second.Stop(); err != nil {
		t.Fatalf("Stop reused server: %v", err)
	}
	if err := first.Stop(); err != nil {
		t.Errorf("Stop after the server was stopped elsewhere: %v", err)
	}
	if err := ping(first.DSN()); err == nil {
		t.Error("server still answers after Stop")
	}
}

func TestStartWithLongDataDirUsesShortSocketDir(t *testing.T) {
	dataDir := filepath.Join(reachableDir(t), strings.Repeat("deep-directory-name/", 6))
	srv := start(t, pgserver.Options{DataDir: dataDir})
	if strings.Contains(srv.DSN(), dataDir) {
		t.Errorf("DSN() = %q uses the long data dir for the socket", srv.DSN())
	}
	exec(t, srv.DSN(), `SELECT 1`)
}

func TestEphemeralServerRemovesDataDirOnStop(t *testing.T) {
	dataDir, err := os.MkdirTemp("", "pgserver-ephemeral-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dataDir) }) // in case the test fails early
	srv := start(t, pgserver.Options{DataDir: dataDir, Ephemeral: true})
	exec(t, srv.DSN(), `CREATE TABLE scratch (id int)`)
	if err := srv.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if _, err := os.Stat(dataDir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("data dir after Stop of an ephemeral server: %v, want it removed", err)
	}
}

func TestStartWithoutDataDirFails(t *testing.T) {
	if _, err := pgserver.Start(context.Background(), pgserver.Options{}); err == nil {
		t.Fatal("Start without DataDir succeeded")
	}
}

// reachableDir returns a fresh directory under the temp dir that everyone
// may enter (t.TempDir's parent is private), so the server's user can reach a
// data directory inside it when the test runs as root.
func reachableDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "pgserver-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

const startTestTimeout = 2 * time.Minute

func start(t *testing.T, opts pgserver.Options) *pgserver.Server {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), startTestTimeout)
	defer cancel()
	opts.Log = slog.New(slog.NewTextHandler(testWriter{t}, nil))
	srv, err := pgserver.Start(ctx, opts)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Stop(); err != nil {
			t.Errorf("Stop: %v", err)
		}
	})
	return srv
}

func exec(t *testing.T, dsn, query string) {
	t.Helper()
	db := open(t, dsn)
	if _, err := db.Exec(query); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func queryString(t *testing.T, dsn, query string) string {
	t.Helper()
	var s string
	if err := open(t, dsn).QueryRow(query).Scan(&s); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return s
}

func open(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatalf("sql.Open: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

func ping(dsn string) error {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return db.PingContext(ctx)
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}
