//go:build unix

package pgserver

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// ServerUser is the system account the server runs as when the bot is root:
// initdb, postgres and pg_ctl refuse root. It is created for the bot and used
// by nothing else, so a compromised server reaches only its own files; never
// `nobody`, whose files other daemons share, nor `postgres`, which owns the
// machine's other clusters.
const ServerUser = "tact-postgres"

// runAs is the account the server's processes run as.
type runAs struct {
	name     string
	uid, gid uint32
}

// lookupRunAs returns nil when we are not root, else ServerUser, created on
// first use.
func lookupRunAs(ctx context.Context) (*runAs, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup(ServerUser)
	var unknown user.UnknownUserError
	if errors.As(err, &unknown) {
		if u, err = ensureServerUser(ctx); err != nil {
			return nil, err
		}
	}
	if err != nil {
		return nil, fmt.Errorf("looking up system user %s: %w", ServerUser, err)
	}
	uid, errU := strconv.ParseUint(u.Uid, 10, 32)
	gid, errG := strconv.ParseUint(u.Gid, 10, 32)
	if errU != nil || errG != nil {
		return nil, fmt.Errorf("user %s has non-numeric ids", ServerUser)
	}
	if uid == 0 || gid == 0 {
		return nil, fmt.Errorf("user %s has uid or gid 0; it must be an unprivileged account", ServerUser)
	}
	return &runAs{name: ServerUser, uid: uint32(uid), gid: uint32(gid)}, nil
}

const useraddCommand = "useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin " + ServerUser

// ensureServerUser creates ServerUser. Concurrent starts (parallel test
// binaries) may race: useradd then fails ("already exists", or /etc/passwd
// locked by the other), so we look again, retrying briefly.
func ensureServerUser(ctx context.Context) (*user.User, error) {
	var createErr error
	for attempt := range 5 {
		if attempt > 0 {
			time.Sleep(300 * time.Millisecond)
		}
		createErr = createServerUser(ctx)
		if u, err := user.Lookup(ServerUser); err == nil {
			return u, nil
		}
	}
	return nil, fmt.Errorf("creating system user %s (%v): create it with `%s` and retry",
		ServerUser, createErr, useraddCommand)
}

func createServerUser(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "useradd", "--system", "--user-group", "--no-create-home",
		"--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", ServerUser)
	cmd.Env = []string{"PATH=" + serverPath}
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%w: %s", err, trimOutput(out))
	}
	return nil
}

// uidOf returns the uid the server's files and processes have.
func (u *runAs) uidOf() uint32 {
	if u == nil {
		return uint32(os.Geteuid())
	}
	return u.uid
}

// handOver gives path, which we just created in a directory only we can
// write, to the server's user. Lchown: even if path were a symlink, its
// target would not change hands.
func (u *runAs) handOver(path string) error {
	if u == nil {
		return nil
	}
	if err := os.Lchown(path, int(u.uid), int(u.gid)); err != nil {
		return fmt.Errorf("handing %s to user %s: %w", path, u.name, err)
	}
	return nil
}

// handOverFile gives an open file (the password pipe) to the server's user.
func (u *runAs) handOverFile(f *os.File) error {
	if u == nil {
		return nil
	}
	if err := f.Chown(int(u.uid), int(u.gid)); err != nil {
		return fmt.Errorf("handing %s to user %s: %w", f.Name(), u.name, err)
	}
	return nil
}

// String names the server's user for logs.
func (u *runAs) String() string {
	if u == nil {
		return "(the bot's own)"
	}
	return u.name
}

// letSearch lets the server's user search (only: not list, not write) the
// data directory, which we own, by giving it the server's group with g=x.
// Nothing above the data directory is touched.
func (u *runAs) letSearch(dir string) error {
	info, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("checking %s: %w", dir, err)
	}
	if u == nil || u.canSearch(info) {
		return nil
	}
	if err := os.Chown(dir, -1, int(u.gid)); err != nil {
		return fmt.Errorf("giving %s to group %s: %w", dir, u.name, err)
	}
	// The old group's rights go: they must not pass to the server's group.
	if err := os.Chmod(dir, info.Mode().Perm()&^0o070|0o010); err != nil {
		return fmt.Errorf("letting group %s search %s: %w", u.name, dir, err)
	}
	return nil
}

// checkReachable fails when the server's user cannot search some ancestor of
// dir. We never grant it: loosening, say, /root to 0701 would expose every
// world-readable file under it to every local account.
func (u *runAs) checkReachable(dir string) error {
	if u == nil {
		return nil
	}
	for p := filepath.Dir(dir); ; p = filepath.Dir(p) {
		info, err := os.Stat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			// makeDataDir creates it with mode 0755.
		case err != nil:
			return fmt.Errorf("checking %s: %w", p, err)
		case !u.canSearch(info):
			return fmt.Errorf("%w: %s (mode %04o) keeps user %s from reaching %s, and no directory above the data "+
				"is loosened for it: put the data directory where %s can reach it (e.g. under /srv or /var/lib)",
				ErrUnreachable, p, info.Mode().Perm(), u.name, dir, u.name)
		}
		if p == filepath.Dir(p) {
			return nil
		}
	}
}

// canSearch reports whether the server's user may search a directory. It has
// no supplementary groups: sysProcAttr clears them.
func (u *runAs) canSearch(info fs.FileInfo) bool {
	perm := info.Mode().Perm()
	st, ok := info.Sys().(*syscall.Stat_t)
	switch {
	case !ok:
		return perm&0o001 != 0
	case st.Uid == u.uid:
		return perm&0o100 != 0
	case st.Gid == u.gid:
		return perm&0o010 != 0
	default:
		return perm&0o001 != 0
	}
}

// ownerOf returns the uid owning a file.
func ownerOf(info fs.FileInfo) (uint32, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return st.Uid, true
}

// sysProcAttr puts children in their own process group (terminal signals go
// to us, and we stop the server in order) and drops root for them, with no
// supplementary groups.
func sysProcAttr(u *runAs) *syscall.SysProcAttr {
	attr := &syscall.SysProcAttr{Setpgid: true}
	if u != nil {
		attr.Credential = &syscall.Credential{Uid: u.uid, Gid: u.gid, Groups: []uint32{}}
	}
	return attr
}

// processAlive reports whether pid exists (EPERM: it exists, as another user).
func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// openNoFollow opens path for writing without following a final symlink.
func openNoFollow(path string, flag int, perm os.FileMode) (*os.File, error) {
	return os.OpenFile(path, flag|syscall.O_NOFOLLOW, perm)
}
