package storage

import (
	"context"
	"fmt"
	"sync"

	"github.com/jmoiron/sqlx"
)

// The statements of the hottest path (a typed /hours: the envelope claim,
// the choices, the write, the rates) are prepared: PostgreSQL parses and
// plans each once per connection instead of at every call, and lib/pq
// runs a prepared statement in one round trip where an unprepared one
// with arguments takes two (prepare, then execute). database/sql prepares
// a statement again on each connection that needs it.

type preparedSet struct {
	mu    sync.Mutex
	stmts map[string]*sqlx.Stmt
}

// prepared is query's prepared statement on the pool.
func (db *DB) prepared(ctx context.Context, query string) (*sqlx.Stmt, error) {
	db.stmts.mu.Lock()
	defer db.stmts.mu.Unlock()
	if s, ok := db.stmts.stmts[query]; ok {
		return s, nil
	}
	s, err := db.x.PreparexContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("preparing a statement: %w", MapError(err))
	}
	if db.stmts.stmts == nil {
		db.stmts.stmts = map[string]*sqlx.Stmt{}
	}
	db.stmts.stmts[query] = s
	return s, nil
}

// closePrepared releases the statements (at Close).
func (db *DB) closePrepared() {
	db.stmts.mu.Lock()
	defer db.stmts.mu.Unlock()
	for _, s := range db.stmts.stmts {
		_ = s.Close()
	}
	db.stmts.stmts = nil
}
