package storage_test

import (
	"context"
	"errors"
	"testing"

	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/storage/storagetest"
)

const createNotes = `CREATE TABLE notes (team_id text NOT NULL, body text NOT NULL UNIQUE)`

func TestInTx(t *testing.T) {
	t.Parallel()
	errDomain := errors.New("domain rule broken")
	tests := []struct {
		name      string
		fn        func(tx *storage.Tx) error
		wantErr   error
		wantNotes int
	}{
		{
			name:      "commits on nil",
			fn:        func(tx *storage.Tx) error { return insertNote(tx, "a") },
			wantNotes: 1,
		},
		{
			name: "rolls back on error and returns it",
			fn: func(tx *storage.Tx) error {
				if err := insertNote(tx, "a"); err != nil {
					return err
				}
				return errDomain
			},
			wantErr:   errDomain,
			wantNotes: 0,
		},
		{
			name: "maps driver errors from fn",
			fn: func(tx *storage.Tx) error {
				if err := insertNote(tx, "a"); err != nil {
					return err
				}
				return insertNote(tx, "a")
			},
			wantErr:   storage.ErrConflict,
			wantNotes: 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			db := storagetest.New(t)
			mustExec(t, db.X(), createNotes)
			err := db.InTx(context.Background(), tt.fn)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
				t.Errorf("InTx = %v, want %v", err, tt.wantErr)
			}
			if got := countNotes(t, db); got != tt.wantNotes {
				t.Errorf("notes after InTx = %d, want %d", got, tt.wantNotes)
			}
		})
	}
}

func TestInTxPanicRollsBackAndRepanics(t *testing.T) {
	t.Parallel()
	db := storagetest.New(t)
	mustExec(t, db.X(), createNotes)
	recovered := func() (p any) {
		defer func() { p = recover() }()
		_ = db.InTx(context.Background(), func(tx *storage.Tx) error {
			if err := insertNote(tx, "a"); err != nil {
				t.Errorf("insert: %v", err)
			}
			panic("boom")
		})
		return nil
	}()
	if recovered != "boom" {
		t.Errorf("recovered %v, want the original panic value", recovered)
	}
	if got := countNotes(t, db); got != 0 {
		t.Errorf("notes after panic = %d, want 0", got)
	}
	// The connection went back to the pool clean.
	if err := db.InTx(context.Background(), func(tx *storage.Tx) error { return insertNote(tx, "b") }); err != nil {
		t.Errorf("InTx after panic: %v", err)
	}
}

func insertNote(tx *storage.Tx, body string) error {
	_, err := tx.Exec(`INSERT INTO notes (team_id, body) VALUES ('T1', $1)`, body)
	return err
}

func countNotes(t *testing.T, db *storage.DB) int {
	t.Helper()
	var n int
	if err := db.X().Get(&n, `SELECT count(*) FROM notes`); err != nil {
		t.Fatal(err)
	}
	return n
}
