package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// Tx is a transaction handed to inTx callbacks. The reads of conn are
// promoted to it, so a write can read what it needs in its own transaction.
type Tx struct {
	*sqlx.Tx
	conn
}

// deliveryTx runs fn in a transaction that first claims d's key. A repeat
// fails with ErrAlreadyClaimed and writes nothing. Every write made for a
// Slack request goes through it: the write owns its transaction here, and
// other packages only call the write's method.
func (db *DB) deliveryTx(ctx context.Context, d Delivery, fn func(tx *Tx) error) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if err := tx.ClaimDelivery(ctx, d.TeamID, d.Key); err != nil {
			return err
		}
		return fn(tx)
	})
}

// softDelete runs query, an update stamping deleted_at on the team's ($1)
// row id ($2), in a transaction claimed by d's key; ErrNotFound when no row
// was left to stamp.
func (db *DB) softDelete(ctx context.Context, d Delivery, query string, id int64) error {
	return db.deliveryTx(ctx, d, func(tx *Tx) error {
		n, err := execRows(ctx, tx, query, d.TeamID, id)
		if err != nil {
			return err
		}
		if n == 0 {
			return ErrNotFound
		}
		return nil
	})
}

// inTx runs fn in a transaction: committed when fn returns nil, rolled back when
// it returns an error or panics (the panic then continues). Errors are mapped
// with MapError. A failed begin wraps ErrUnavailable when the server could not
// be reached in time, so nothing was written. A commit whose answer is lost
// (connection gone, deadline passed) wraps ErrOutcomeUnknown.
func (db *DB) inTx(ctx context.Context, fn func(tx *Tx) error) error {
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
	if err := fn(&Tx{Tx: sqlTx, conn: conn{q: sqlTx}}); err != nil {
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
