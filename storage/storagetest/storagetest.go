// Package storagetest gives tests a fresh, migrated PostgreSQL database each.
//
// The server is chosen once per test binary, on first use:
//
//  1. TEST_DATABASE_URL, if set (it must work: no fallback from an explicit
//     choice); the value "embedded" skips straight to 3;
//  2. postgres://postgres@127.0.0.1:5432/postgres, if it answers within 2 s;
//  3. a throwaway server started with storage/pgserver in a temp dir. It is
//     stopped and its directory removed when the test binary exits, however it
//     exits (pgserver's Ephemeral mode hands that to a watcher process), so no
//     TestMain is needed.
//
// If none works the test fails with the reasons; it never skips.
//
// Databases come from github.com/peterldowns/pgtestdb: the migrations run once
// per schema hash into a template database (creation is guarded by a
// PostgreSQL advisory lock, so concurrent `go test` processes cooperate), and
// every test gets its own CREATE DATABASE ... TEMPLATE clone, dropped at
// cleanup when the test passed (kept for inspection when it failed; the log
// shows its URL).
package storagetest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peterldowns/pgtestdb"

	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/storage/pgserver"
)

const (
	envURL          = "TEST_DATABASE_URL"
	envURLEmbedded  = "embedded"
	localURL        = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	localTimeout    = 2 * time.Second
	explicitTimeout = 10 * time.Second
	embeddedTimeout = 2 * time.Minute
	openTimeout     = 30 * time.Second
)

// New returns a fresh, migrated database for this test, closed and dropped at
// cleanup.
func New(t testing.TB) *storage.DB {
	t.Helper()
	conf := clone(t, migrator{})
	ctx, cancel := context.WithTimeout(context.Background(), openTimeout)
	defer cancel()
	db, err := storage.Open(ctx, conf.URL(), testLogger(t))
	if err != nil {
		t.Fatalf("storagetest: opening test database: %v", err)
	}
	// Registered after pgtestdb's drop, so it runs before it.
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("storagetest: %v", err)
		}
	})
	return db
}

// URL returns the DSN of a fresh, migrated database for this test, for
// end-to-end tests that start the bot with DATABASE_URL. The database is
// dropped at cleanup, after terminating any connections left open.
func URL(t testing.TB) string {
	t.Helper()
	conf := clone(t, migrator{})
	return conf.URL()
}

// EmptyURL returns the DSN of a fresh database with no schema at all, for
// testing migrations themselves.
func EmptyURL(t testing.TB) string {
	t.Helper()
	conf := clone(t, pgtestdb.NoopMigrator{})
	return conf.URL()
}

// AdminURL returns the DSN of the server's superuser connection to its
// maintenance database, for fault tests (pg_terminate_backend and the like).
// Do not create or drop databases through it.
func AdminURL(t testing.TB) string {
	t.Helper()
	return chosenServer(t).URL()
}

func clone(t testing.TB, m pgtestdb.Migrator) *pgtestdb.Config {
	t.Helper()
	return pgtestdb.Custom(t, chosenServer(t), m)
}

func chosenServer(t testing.TB) pgtestdb.Config {
	t.Helper()
	conf, err := pickServer()
	if err != nil {
		t.Fatalf("storagetest: no PostgreSQL server for tests: %v", err)
	}
	return conf
}

// pickServer runs once per test binary. It is package state only because a
// test binary without TestMain has nowhere else to keep a per-process server.
var pickServer = sync.OnceValues(chooseServer)

func chooseServer() (pgtestdb.Config, error) {
	dsn := os.Getenv(envURL)
	if dsn == envURLEmbedded {
		return startEmbedded()
	}
	if dsn != "" {
		conf, err := answering(dsn, explicitTimeout)
		if err != nil {
			return pgtestdb.Config{}, fmt.Errorf("%s: %w", envURL, err)
		}
		return conf, nil
	}
	conf, localErr := answering(localURL, localTimeout)
	if localErr == nil {
		return conf, nil
	}
	conf, embeddedErr := startEmbedded()
	if embeddedErr == nil {
		return conf, nil
	}
	return pgtestdb.Config{}, fmt.Errorf("%s is not set; %s: %w; embedded server: %w",
		envURL, localURL, localErr, embeddedErr)
}

// answering parses dsn and checks the server answers within timeout.
func answering(dsn string, timeout time.Duration) (pgtestdb.Config, error) {
	conf, err := parseDSN(dsn)
	if err != nil {
		return pgtestdb.Config{}, err
	}
	db, err := conf.Connect()
	if err != nil {
		return pgtestdb.Config{}, err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		return pgtestdb.Config{}, fmt.Errorf("not answering: %w", err)
	}
	return conf, nil
}

func startEmbedded() (pgtestdb.Config, error) {
	dir, err := os.MkdirTemp("", "tact-pgtest-")
	if err != nil {
		return pgtestdb.Config{}, fmt.Errorf("creating temp dir: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), embeddedTimeout)
	defer cancel()
	srv, err := pgserver.Start(ctx, pgserver.Options{DataDir: dir, Ephemeral: true})
	if err != nil {
		_ = os.RemoveAll(dir)
		return pgtestdb.Config{}, err
	}
	conf, err := parseDSN(srv.DSN())
	if err != nil {
		return pgtestdb.Config{}, errors.Join(err, srv.Stop())
	}
	conf.Database = "postgres"
	return conf, nil
}

func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// testWriter sends log lines to the test's own log.
type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSuffix(string(p), "\n"))
	return len(p), nil
}

// ReachableDir returns a new directory in the system temp dir that every
// account may enter (0755), removed at cleanup. Run as root, the embedded
// server runs as pgserver.ServerUser, which cannot pass t.TempDir's private
// parent (and pgserver loosens no directory above its data): a test that
// starts it on a data directory of its own puts that directory in here.
func ReachableDir(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "tact-test-")
	if err != nil {
		t.Fatalf("storagetest: %v", err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatalf("storagetest: %v", err)
	}
	return dir
}
