// Package storage is Tact's PostgreSQL layer: connection pool, embedded
// migrations, transactions, sentinel errors and the idempotency bookkeeping that
// makes Slack redeliveries and multi-replica schedules safe. All SQL lives here,
// one file per topic, each query a const.
package storage

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"
	_ "github.com/lib/pq" // registers the "postgres" driver

	"github.com/tact-bot/tact/settings"
)

// Pool settings: the bot's load is bursts of small queries from Slack events.
// Eight connections keep PostgreSQL busy without making it thrash: at 20 the
// server's backends crowded out everything else on a small host (ack p99 at
// 1,000 commands/s went from 9 to 20 ms) for no more throughput (cmd/bench).
// Handlers beyond eight wait for a connection; the worker pool bounds them.
const (
	maxOpenConns    = 8
	maxIdleConns    = 8
	connMaxLifetime = 30 * time.Minute
	connMaxIdleTime = 5 * time.Minute
	pingTimeout     = 10 * time.Second
)

// DB is the bot's handle on PostgreSQL. It is safe for concurrent use.
type DB struct {
	conn
	x   *sqlx.DB
	log *slog.Logger
	// migrateDSN is dsn without the default statement timeout: migrations
	// run on their own connections and may rightly take longer.
	migrateDSN string
	settings   *teamCache[settings.Stored] // see ListenSettings
	stmts      preparedSet
	teamFacts  factsCache // see HoursChoices
	installs   *teamCache[installRow]
	closing    chan struct{} // closed by Close: stops the settings listener
	closeOnce  sync.Once
}

// Open connects to the database at dsn (lib/pq URL or key=value form) and checks
// it answers. An unreachable server yields an error wrapping ErrUnavailable.
// Connections get DefaultConnectTimeout and DefaultStatementTimeout unless
// dsn sets its own.
func Open(ctx context.Context, dsn string, log *slog.Logger) (*DB, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	bounded, err := withTimeouts(dsn, DefaultStatementTimeout)
	if err != nil {
		return nil, fmt.Errorf("opening database: %w", err)
	}
	migrateDSN, err := withTimeouts(dsn, "")
	if err != nil {
		return nil, fmt.Errorf("opening database: %w", err)
	}
	x, err := sqlx.Open("postgres", bounded)
	if err != nil {
		// Only a malformed DSN gets here; sqlx.Open does not dial.
		return nil, fmt.Errorf("opening database: %w", err)
	}
	x.SetMaxOpenConns(maxOpenConns)
	x.SetMaxIdleConns(maxIdleConns)
	x.SetConnMaxLifetime(connMaxLifetime)
	x.SetConnMaxIdleTime(connMaxIdleTime)
	db := &DB{conn: conn{q: x}, x: x, log: log, migrateDSN: migrateDSN, settings: newTeamCache[settings.Stored](), installs: newTeamCache[installRow](),
		closing: make(chan struct{})}
	if err := db.Ping(ctx); err != nil {
		_ = x.Close()
		return nil, fmt.Errorf("opening database: %w", err)
	}
	return db, nil
}

// Ping checks the database answers within a short timeout.
func (db *DB) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, pingTimeout)
	defer cancel()
	if err := db.x.PingContext(ctx); err != nil {
		return fmt.Errorf("pinging database: %w", mapConnectError(err))
	}
	return nil
}

// Close stops the settings listener and closes the pool; in-flight
// queries finish first.
func (db *DB) Close() error {
	db.closeOnce.Do(func() { close(db.closing) })
	db.closePrepared()
	if err := db.x.Close(); err != nil {
		return fmt.Errorf("closing database: %w", err)
	}
	return nil
}

// X exposes the underlying pool. It is for tests and benchmarks only:
// production code goes through this package's methods so SQL stays here and
// errors get mapped.
func (db *DB) X() *sqlx.DB { return db.x }

// queryer runs SQL on the pool or in a transaction: *sqlx.DB and *sqlx.Tx
// both are one.
type queryer interface {
	sqlx.ExtContext
	GetContext(ctx context.Context, dest any, query string, args ...any) error
	SelectContext(ctx context.Context, dest any, query string, args ...any) error
}

// conn holds the reads that serve both inside and outside a transaction,
// so each query is written once: DB and Tx embed it and its methods are
// promoted to both.
type conn struct{ q queryer }

// execRows runs a write on db or tx and returns how many rows it touched,
// with errors mapped.
func execRows(ctx context.Context, e sqlx.ExecerContext, query string, args ...any) (int64, error) {
	return rowsOf(e.ExecContext(ctx, query, args...))
}

// rowsOf is how many rows a write touched, with errors mapped.
func rowsOf(res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, MapError(err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, MapError(err)
	}
	return n, nil
}
