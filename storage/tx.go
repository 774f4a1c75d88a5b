package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// Tx is a transaction handed to InTx callbacks. Query methods that must run in
// the same transaction as a write (ClaimDelivery) hang off it.
type Tx struct {
	*sqlx.Tx
}

// InTx runs fn in a transaction: committed when fn returns nil, rolled back when
// it returns an error or panics (the panic then continues). Errors are mapped
// with MapError. A failed begin wraps ErrUnavailable when the server could not
// be reached in time, so nothing was written. A commit whose answer is lost
// (connection gone, deadline passed) wraps ErrOutcomeUnknown.
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	sqlTx, err := db.x.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("beginning transaction: %w", mapConnectError(err))
	}
	finished := false
	defer func() {
		// Reached without finished only while a panic unwinds; no recover, so
		// the panic keeps its original stack.
		if !finished {
			db.rollback(sqlTx)
		}
	}()
	if err := fn(&Tx{Tx: sqlTx}); err != nil {
		finished = true
		db.rollback(sqlTx)
		return MapError(err)
	}
	finished = true
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("committing transaction: %w", mapCommitError(err))
	}
	return nil
}

func (db *DB) rollback(tx *sqlx.Tx) {
	if err := tx.Rollback(); err != nil && !errors.Is(err, sql.ErrTxDone) {
		// The server drops the transaction with the connection anyway.
		db.log.Warn("rolling back transaction", "err", err)
	}
}
