package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/storage/storagetest"
)

func TestConnectionsGetTheDefaultStatementTimeout(t *testing.T) {
	t.Parallel()
	url := storagetest.URL(t)
	for _, tt := range []struct{ dsn, want string }{
		{url, storage.DefaultStatementTimeout},
		{url + "&statement_timeout=0", "0"}, // DATABASE_URL's own value wins
	} {
		db, err := storage.Open(context.Background(), tt.dsn, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got string
		if err := db.X().Get(&got, `SHOW statement_timeout`); err != nil || got != tt.want {
			t.Errorf("statement_timeout = %q (%v), want %q", got, err, tt.want)
		}
		db.Close()
	}
}

// A write waiting on a lock another session holds fails at the statement
// timeout as "unavailable" (nothing saved), instead of hanging.
func TestLockedTableFailsAtTheStatementTimeout(t *testing.T) {
	t.Parallel()
	url := storagetest.URL(t)
	db, err := storage.Open(context.Background(), url+"&statement_timeout=300ms", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mustExec(t, db.X(), createNotes)
	locker, err := db.X().Beginx()
	if err != nil {
		t.Fatal(err)
	}
	defer locker.Rollback()
	if _, err := locker.Exec(`SET LOCAL statement_timeout = 0; LOCK TABLE notes IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	err = db.InTx(context.Background(), func(tx *storage.Tx) error { return insertNote(tx, "a") })
	if !errors.Is(err, storage.ErrUnavailable) || errors.Is(err, storage.ErrOutcomeUnknown) {
		t.Errorf("insert into a locked table = %v, want ErrUnavailable", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("insert into a locked table took %s", d)
	}
	locker.Rollback()
	if n := countNotes(t, db); n != 0 {
		t.Errorf("notes = %d after a timed-out insert", n)
	}
}

// A commit cut off by the request's deadline may or may not have landed:
// it is reported as such, never as "nothing was saved".
func TestCommitPastTheDeadlineIsOutcomeUnknown(t *testing.T) {
	t.Parallel()
	db := storagetest.New(t)
	mustExec(t, db.X(), createNotes)
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	err := db.InTx(ctx, func(tx *storage.Tx) error {
		if err := insertNote(tx, "a"); err != nil {
			return err
		}
		cancel() // the request's context ends between the last statement and COMMIT
		return nil
	})
	if !errors.Is(err, storage.ErrOutcomeUnknown) || errors.Is(err, storage.ErrUnavailable) {
		t.Errorf("commit after the deadline = %v, want ErrOutcomeUnknown only", err)
	}
}
