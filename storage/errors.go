package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"syscall"

	"github.com/lib/pq"
)

// Sentinel errors returned (wrapped) by this package. Callers test them with
// errors.Is; the driver error stays in the chain for logs and errors.As.
var (
	// ErrNotFound means the row asked for does not exist.
	ErrNotFound = errors.New("not found")
	// ErrConflict means the write clashes with existing data (unique or
	// exclusion violation): the row is already there.
	ErrConflict = errors.New("conflict")
	// ErrUnavailable means the database could not be reached or went away, so
	// handlers can tell the user "can't save right now, nothing was saved".
	ErrUnavailable = errors.New("database unavailable")
	// ErrOutcomeUnknown means a commit was sent but its answer was lost
	// (connection gone, deadline passed): the write may or may not have been
	// saved, so the person must check before retrying. It is deliberately not
	// ErrUnavailable, whose message says nothing was saved.
	ErrOutcomeUnknown = errors.New("commit outcome unknown")
	// ErrAlreadyClaimed is the ErrConflict returned by ClaimDelivery for a
	// redelivery, so handlers can ack it silently instead of reporting a clash.
	ErrAlreadyClaimed = fmt.Errorf("%w: delivery already claimed", ErrConflict)
)

// MapError wraps a driver error into one of the sentinel errors above when it
// recognises it, keeping the original error in the chain. Unknown errors and nil
// are returned unchanged, as are errors already carrying a sentinel.
func MapError(err error) error {
	if err == nil || isMapped(err) {
		return err
	}
	if sentinel := classify(err); sentinel != nil {
		return fmt.Errorf("%w: %w", sentinel, err)
	}
	return err
}

// mapConnectError is MapError for connection-level calls (ping, begin): there a
// deadline means the server did not answer, and nothing was written yet.
func mapConnectError(err error) error {
	if err != nil && !isMapped(err) && errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	return MapError(err)
}

func isMapped(err error) bool {
	return errors.Is(err, ErrNotFound) || errors.Is(err, ErrConflict) || errors.Is(err, ErrUnavailable) ||
		errors.Is(err, ErrOutcomeUnknown)
}

// mapCommitError maps a failed COMMIT. Only an answer from the server that
// refused it (a deferred constraint, a serialization failure) proves that
// nothing was saved; a lost connection, a cancelled statement or a deadline
// leaves the outcome unknown.
func mapCommitError(err error) error {
	var pqErr *pq.Error
	if errors.As(err, &pqErr) && classifyPQ(pqErr) != ErrUnavailable {
		return MapError(err)
	}
	return fmt.Errorf("%w: %w", ErrOutcomeUnknown, err)
}

func classify(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	if errors.Is(err, context.DeadlineExceeded) {
		// The request's deadline passed before the database answered.
		return ErrUnavailable
	}
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		return classifyPQ(pqErr)
	}
	if isConnectionError(err) {
		return ErrUnavailable
	}
	return nil
}

func classifyPQ(e *pq.Error) error {
	switch {
	case e.Code == "23505", // unique_violation
		e.Code == "23P01": // exclusion_violation
		return ErrConflict
	case e.Code.Class() == "08", // connection_exception
		e.Code == "57P01", // admin_shutdown (also pg_terminate_backend)
		e.Code == "57P02", // crash_shutdown
		e.Code == "57P03", // cannot_connect_now (starting up / shutting down)
		e.Code == "53300", // too_many_connections
		e.Code == "57014", // query_canceled: statement_timeout or the request's deadline
		e.Code == "55P03", // lock_not_available: lock_timeout
		e.Code == "25P03": // idle_in_transaction_session_timeout
		return ErrUnavailable
	}
	return nil
}

func isConnectionError(err error) bool {
	var netErr *net.OpError
	switch {
	case errors.Is(err, driver.ErrBadConn),
		errors.As(err, &netErr), // refused, reset, dial timeout, no such host
		errors.Is(err, syscall.ECONNREFUSED),
		errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.EPIPE):
		return true
	}
	return false
}
