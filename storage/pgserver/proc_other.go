//go:build !unix

package pgserver

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"syscall"
)

// ServerUser is the account the server would run as when the bot is root.
const ServerUser = "tact-postgres"

// The embedded server relies on unix sockets and process groups.
type runAs struct{}

func lookupRunAs(context.Context) (*runAs, error) {
	return nil, errors.New("the embedded PostgreSQL server needs a unix system: set DATABASE_URL")
}

func (u *runAs) uidOf() uint32                { return 0 }
func (u *runAs) handOver(string) error        { return nil }
func (u *runAs) handOverFile(*os.File) error  { return nil }
func (u *runAs) String() string               { return "" }
func (u *runAs) letSearch(string) error       { return nil }
func (u *runAs) checkReachable(string) error  { return nil }
func ownerOf(fs.FileInfo) (uint32, bool)      { return 0, false }
func sysProcAttr(*runAs) *syscall.SysProcAttr { return nil }
func processAlive(int) bool                   { return false }
func openNoFollow(path string, flag int, perm os.FileMode) (*os.File, error) {
	return os.OpenFile(path, flag, perm)
}
