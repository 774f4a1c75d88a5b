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
	return errors.Is(err, ErrNotFound) || errors.Is(err, ErrConflict) || errors.Is(err, ErrUnavailable)
}

func classify(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
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
		e.Code == "53300": // too_many_connections
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
