package storagetest_test

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/storage/storagetest"
)

func TestNewGivesMigratedIndependentDatabases(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, b := storagetest.New(t), storagetest.New(t)

	if first, err := a.ClaimEnvelope(ctx, "T1", "env-1"); err != nil || !first {
		t.Fatalf("ClaimEnvelope on a = %v, %v; want true, nil", first, err)
	}
	// b is a separate clone: a's row must not be there.
	if first, err := b.ClaimEnvelope(ctx, "T1", "env-1"); err != nil || !first {
		t.Fatalf("ClaimEnvelope on b = %v, %v; want true, nil (databases not independent)", first, err)
	}
	if name(t, a.X()) == name(t, b.X()) {
		t.Errorf("both tests got database %q", name(t, a.X()))
	}
}

func TestURLIsMigrated(t *testing.T) {
	t.Parallel()
	db := open(t, storagetest.URL(t))
	if got := tableCount(t, db.X()); got == 0 {
		t.Error("URL database has no tables, want the migrated schema")
	}
}

func TestEmptyURLHasNoSchema(t *testing.T) {
	t.Parallel()
	db := open(t, storagetest.EmptyURL(t))
	if got := tableCount(t, db.X()); got != 0 {
		t.Errorf("EmptyURL database has %d tables, want 0", got)
	}
}

func TestAdminURLIsSuperuser(t *testing.T) {
	t.Parallel()
	db := open(t, storagetest.AdminURL(t))
	var super bool
	if err := db.X().Get(&super, `SELECT rolsuper FROM pg_roles WHERE rolname = current_user`); err != nil {
		t.Fatal(err)
	}
	if !super {
		t.Error("AdminURL does not connect as a superuser")
	}
}

// TestEmbeddedServer runs this package's helper test in a child process forced
// onto the throwaway server, then checks the server's directory is gone once
// the child has exited.
func TestEmbeddedServer(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestHelperEmbedded$", "-test.v")
	cmd.Env = append(os.Environ(), "TEST_DATABASE_URL=embedded", "STORAGETEST_HELPER=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("helper process: %v\n%s", err, out)
	}
	var dataDir string
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		if _, after, ok := strings.Cut(sc.Text(), "DATADIR="); ok {
			dataDir = strings.TrimSpace(after)
		}
	}
	if !strings.Contains(dataDir, "tact-pgtest-") {
		t.Fatalf("helper did not report an embedded server's data dir:\n%s", out)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		_, err := os.Stat(dataDir)
		if errors.Is(err, os.ErrNotExist) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("embedded server dir %s still there 30 s after the test binary exited (stat: %v)", dataDir, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestHelperEmbedded is the child side of TestEmbeddedServer; it does nothing
// in a normal run.
func TestHelperEmbedded(t *testing.T) {
	if os.Getenv("STORAGETEST_HELPER") != "1" {
		return
	}
	db := storagetest.New(t)
	if first, err := db.ClaimJobRun(context.Background(), "T1", "digest", "2025-06-02", 0); err != nil || !first {
		t.Fatalf("ClaimJobRun = %v, %v", first, err)
	}
	admin := open(t, storagetest.AdminURL(t))
	var dir string
	if err := admin.X().Get(&dir, `SELECT current_setting('data_directory')`); err != nil {
		t.Fatal(err)
	}
	// data_directory is DataDir/pg; the reaper removes DataDir.
	t.Logf("DATADIR=%s", strings.TrimSuffix(dir, "/pg"))
}

func open(t *testing.T, dsn string) *storage.DB {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db, err := storage.Open(ctx, dsn, nil)
	if err != nil {
		t.Fatalf("storage.Open: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

func name(t *testing.T, x *sqlx.DB) string {
	t.Helper()
	var n string
	if err := x.Get(&n, `SELECT current_database()`); err != nil {
		t.Fatal(err)
	}
	return n
}

func tableCount(t *testing.T, x *sqlx.DB) int {
	t.Helper()
	var n int
	if err := x.Get(&n, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`); err != nil {
		t.Fatal(err)
	}
	return n
}
