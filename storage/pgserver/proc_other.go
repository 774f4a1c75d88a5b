//go:build !unix

package pgserver

import (
	"errors"
	"io/fs"
	"log/slog"
	"syscall"
)

// The embedded server relies on unix sockets and process groups.
type runAs struct{}

func lookupRunAs() (*runAs, error) {
	return nil, errors.New("the embedded PostgreSQL server needs a unix system: set DATABASE_URL")
}

func (u *runAs) own(string) error                         { return nil }
func (u *runAs) makeReachable(string, *slog.Logger) error { return nil }
func ownedByMe(fs.FileInfo) bool                          { return true }
func sysProcAttr(*runAs) *syscall.SysProcAttr             { return nil }
func processAlive(int) bool                               { return false }
