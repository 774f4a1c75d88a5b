package storage_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"syscall"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/storage/storagetest"
)

var sentinels = []error{storage.ErrNotFound, storage.ErrConflict, storage.ErrUnavailable, storage.ErrOutcomeUnknown}

// TestMapError feeds MapError errors produced by a real server.
func TestMapError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// cause returns a real error from the driver.
		cause func(t *testing.T) error
		want  error // nil: no sentinel
		// keepsPQ: the original *pq.Error must stay reachable via errors.As.
		keepsPQ bool
	}{
		{
			name: "unique violation",
			cause: func(t *testing.T) error {
				db := storagetest.New(t)
				const q = `INSERT INTO delivery_keys (team_id, key) VALUES ('T1', 'k')`
				mustExec(t, db.X(), q)
				_, err := db.X().Exec(q)
				return err
			},
			want:    storage.ErrConflict,
			keepsPQ: true,
		},
		{
			name: "no rows",
			cause: func(t *testing.T) error {
				var key string
				return storagetest.New(t).X().Get(&key, `SELECT key FROM delivery_keys WHERE team_id = 'nobody'`)
			},
			want: storage.ErrNotFound,
		},
		{
			name:    "backend terminated by pg_terminate_backend",
			cause:   terminatedConnError,
			want:    storage.ErrUnavailable,
			keepsPQ: false, // 57P01 or driver.ErrBadConn, depending on timing
		},
		{
			name: "connection refused",
			cause: func(t *testing.T) error {
				x, err := sqlx.Open("postgres", "postgres://tact@127.0.0.1:1/tact?sslmode=disable&connect_timeout=2")
				if err != nil {
					t.Fatal(err)
				}
				defer x.Close()
				return x.Ping()
			},
			want: storage.ErrUnavailable,
		},
		{
			name: "syntax error is not mapped",
			cause: func(t *testing.T) error {
				_, err := storagetest.New(t).X().Exec(`SELEKT 1`)
				return err
			},
			want:    nil,
			keepsPQ: true,
		},
		{
			name: "not-null violation is not a conflict",
			cause: func(t *testing.T) error {
				_, err := storagetest.New(t).X().Exec(`INSERT INTO delivery_keys (team_id, key) VALUES (NULL, 'k')`)
				return err
			},
			want:    nil,
			keepsPQ: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cause := tt.cause(t)
			if cause == nil {
				t.Fatal("the scenario produced no error")
			}
			got := storage.MapError(cause)
			if !errors.Is(got, cause) {
				t.Errorf("MapError(%v) = %v, lost the original error", cause, got)
			}
			for _, s := range sentinels {
				if errors.Is(got, s) != (s == tt.want) {
					t.Errorf("MapError(%v) = %v; errors.Is(_, %v) = %v, want %v", cause, got, s, !(s == tt.want), s == tt.want)
				}
			}
			var pqErr *pq.Error
			if tt.keepsPQ && !errors.As(got, &pqErr) {
				t.Errorf("MapError(%v) = %v, *pq.Error not reachable", cause, got)
			}
			if again := storage.MapError(got); again != got {
				t.Errorf("MapError is not idempotent: %v then %v", got, again)
			}
		})
	}
}

func TestMapErrorNil(t *testing.T) {
	t.Parallel()
	if err := storage.MapError(nil); err != nil {
		t.Errorf("MapError(nil) = %v", err)
	}
}

// terminatedConnError kills the backend behind a pooled connection from the
// admin connection, then uses the connection.
func terminatedConnError(t *testing.T) error {
	ctx := context.Background()
	db := storagetest.New(t)
	conn, err := db.X().Connx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var pid int
	if err := conn.GetContext(ctx, &pid, `SELECT pg_backend_pid()`); err != nil {
		t.Fatal(err)
	}
	admin, err := sqlx.Open("postgres", storagetest.AdminURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	var terminated bool
	// The timeout form waits until the backend is really gone.
	if err := admin.GetContext(ctx, &terminated, `SELECT pg_terminate_backend($1, 5000)`, pid); err != nil || !terminated {
		t.Fatalf("pg_terminate_backend(%d) = %v, %v", pid, terminated, err)
	}
	_, err = conn.ExecContext(ctx, `SELECT 1`)
	return err
}

func TestOpenUnreachableIsUnavailable(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	_, err := storage.Open(ctx, "postgres://tact@127.0.0.1:1/tact?sslmode=disable&connect_timeout=2", nil)
	if !errors.Is(err, storage.ErrUnavailable) {
		t.Errorf("Open on a closed port = %v, want ErrUnavailable", err)
	}
}

func TestPingPastDeadlineIsUnavailable(t *testing.T) {
	t.Parallel()
	db := storagetest.New(t)
	// Drain the pool so Ping must dial, which an expired deadline stops.
	db.X().SetMaxIdleConns(0)
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	if err := db.Ping(ctx); !errors.Is(err, storage.ErrUnavailable) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Ping with an expired deadline = %v, want ErrUnavailable wrapping DeadlineExceeded", err)
	}
	if err := db.Ping(context.Background()); err != nil {
		t.Errorf("Ping = %v", err)
	}
}

func mustExec(t *testing.T, x *sqlx.DB, query string, args ...any) sql.Result {
	t.Helper()
	res, err := x.Exec(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return res
}

// TestMapErrorCodes covers server conditions a test cannot easily provoke
// (crash, startup, shutdown) by their SQLSTATE and network errors by type.
func TestMapErrorCodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  error
		want error
	}{
		{&pq.Error{Code: "23505"}, storage.ErrConflict},
		{&pq.Error{Code: "23P01"}, storage.ErrConflict},
		{&pq.Error{Code: "23503"}, nil}, // foreign key: a bug, not a duplicate
		{&pq.Error{Code: "08006"}, storage.ErrUnavailable},
		{&pq.Error{Code: "08001"}, storage.ErrUnavailable},
		{&pq.Error{Code: "57P01"}, storage.ErrUnavailable},
		{&pq.Error{Code: "57P02"}, storage.ErrUnavailable},
		{&pq.Error{Code: "57P03"}, storage.ErrUnavailable},
		{&pq.Error{Code: "53300"}, storage.ErrUnavailable},
		// The statement timeout or the request's deadline: the database
		// did not answer in time, and the transaction is rolled back.
		{&pq.Error{Code: "57014"}, storage.ErrUnavailable},
		{&pq.Error{Code: "55P03"}, storage.ErrUnavailable},
		{fmt.Errorf("query: %w", context.DeadlineExceeded), storage.ErrUnavailable},
		{driver.ErrBadConn, storage.ErrUnavailable},
		{&net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}, storage.ErrUnavailable},
		{fmt.Errorf("writing: %w", syscall.EPIPE), storage.ErrUnavailable},
		{sql.ErrNoRows, storage.ErrNotFound},
		{fmt.Errorf("loading client: %w", sql.ErrNoRows), storage.ErrNotFound},
		{errors.New("something else"), nil},
		{context.Canceled, nil},
	}
	for _, tt := range tests {
		got := storage.MapError(tt.err)
		for _, s := range sentinels {
			if errors.Is(got, s) != (s == tt.want) {
				t.Errorf("MapError(%#v) = %v; errors.Is(_, %v) = %v", tt.err, got, s, !(s == tt.want))
			}
		}
		if !errors.Is(got, tt.err) {
			t.Errorf("MapError(%v) = %v lost the original", tt.err, got)
		}
	}
}
