package storage

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// Migrations live in storage/migrations as NNNNN_topic.sql goose files
// (-- +goose Up / -- +goose Down). Add a new numbered file for every schema
// change; never edit one that has shipped. Every table carries team_id and
// stores times as timestamptz.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// Replicas starting together wait for the one migrating: poll the advisory lock
// every second for up to 5 minutes (the goose default polls every 5 s).
const (
	migrateLockPollSeconds = 1
	migrateLockPolls       = 300
)

// Migrations returns the embedded goose migration files (NNNNN_topic.sql at the
// root of the returned FS). storagetest fingerprints them to reuse templates.
func Migrations() fs.FS {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		// fs.Sub only fails on an invalid path, and "migrations" is a constant.
		panic(fmt.Sprintf("storage: embedded migrations: %v", err))
	}
	return sub
}

// Migrate applies all pending migrations. A session-level advisory lock
// serialises concurrent callers, so replicas starting at once all succeed.
func (db *DB) Migrate(ctx context.Context) error {
	locker, err := lock.NewPostgresSessionLocker(
		lock.WithLockTimeout(migrateLockPollSeconds, migrateLockPolls),
	)
	if err != nil {
		return fmt.Errorf("creating migration lock: %w", err)
	}
	conn, err := sql.Open("postgres", db.migrateDSN)
	if err != nil {
		return fmt.Errorf("opening a connection for migrations: %w", err)
	}
	defer conn.Close()
	provider, err := goose.NewProvider(goose.DialectPostgres, conn, Migrations(),
		goose.WithSessionLocker(locker),
		goose.WithDisableGlobalRegistry(true),
		goose.WithSlog(db.log),
	)
	if err != nil {
		return fmt.Errorf("preparing migrations: %w", err)
	}
	results, err := provider.Up(ctx)
	if err != nil {
		return fmt.Errorf("applying migrations: %w", MapError(err))
	}
	version, err := provider.GetDBVersion(ctx)
	if err != nil {
		return fmt.Errorf("reading schema version: %w", MapError(err))
	}
	db.log.InfoContext(ctx, "database schema ready", "applied", len(results), "version", version)
	return nil
}
