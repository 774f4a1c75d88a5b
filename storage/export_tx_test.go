package storage

import "context"

// InTx lets the tests compose transactions of their own; outside this
// package every write owns its transaction.
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error { return db.inTx(ctx, fn) }
