package storage_test

import (
	"context"
	"io/fs"
	"sync"
	"testing"
	"time"

	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/storage/storagetest"
)

// TestMigrateConcurrentReplicas starts two "replicas" on an empty database at
// once; the advisory lock must make both succeed.
func TestMigrateConcurrentReplicas(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	url := storagetest.EmptyURL(t)

	const replicas = 2
	dbs := make([]*storage.DB, replicas)
	for i := range dbs {
		db, err := storage.Open(ctx, url, nil)
		if err != nil {
			t.Fatalf("Open #%d: %v", i, err)
		}
		t.Cleanup(func() { _ = db.Close() })
		dbs[i] = db
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make([]error, replicas)
	for i, db := range dbs {
		wg.Go(func() {
			<-start
			errs[i] = db.Migrate(ctx)
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("Migrate on replica %d: %v", i, err)
		}
	}
	assertSchema(t, dbs[0])

	// A later restart finds nothing to do.
	if err := dbs[1].Migrate(ctx); err != nil {
		t.Errorf("second Migrate: %v", err)
	}
}

func assertSchema(t *testing.T, db *storage.DB) {
	t.Helper()
	for _, table := range []string{"delivery_keys", "envelope_claims", "job_runs"} {
		var teamCol bool
		err := db.X().Get(&teamCol, `SELECT EXISTS (SELECT 1 FROM information_schema.columns
			WHERE table_schema = 'public' AND table_name = $1 AND column_name = 'team_id')`, table)
		if err != nil || !teamCol {
			t.Errorf("table %s with team_id: %v, %v", table, teamCol, err)
		}
	}
	var applied int
	if err := db.X().Get(&applied, `SELECT count(*) FROM goose_db_version WHERE version_id > 0 AND is_applied`); err != nil {
		t.Fatal(err)
	}
	if applied != migrationCount(t) {
		t.Errorf("goose recorded %d applied migrations, want %d (each exactly once)", applied, migrationCount(t))
	}
}

func migrationCount(t *testing.T) int {
	t.Helper()
	entries, err := fs.ReadDir(storage.Migrations(), ".")
	if err != nil {
		t.Fatal(err)
	}
	return len(entries)
}
