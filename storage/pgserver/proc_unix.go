//go:build unix

package pgserver

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
)

// runAs is the unprivileged account PostgreSQL runs under when we are root:
// initdb, postgres and pg_ctl all refuse to run as root.
type runAs struct {
	name     string
	uid, gid uint32
}

// lookupRunAs returns nil when we are not root, else the postgres system user,
// falling back to nobody.
func lookupRunAs() (*runAs, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	var errs []error
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		uid, errU := strconv.ParseUint(u.Uid, 10, 32)
		gid, errG := strconv.ParseUint(u.Gid, 10, 32)
		if errU != nil || errG != nil {
			errs = append(errs, fmt.Errorf("user %s has non-numeric ids", name))
			continue
		}
		return &runAs{name: name, uid: uint32(uid), gid: uint32(gid)}, nil
	}
	return nil, fmt.Errorf("running as root and no unprivileged user to run PostgreSQL as: %w", errors.Join(errs...))
}

func (u *runAs) own(path string) error {
	if err := os.Chown(path, int(u.uid), int(u.gid)); err != nil {
		return fmt.Errorf("handing %s to user %s: %w", path, u.name, err)
	}
	return nil
}

// makeReachable grants search (x) permission on every ancestor of dir the
// user could not otherwise traverse, e.g. the 0700 directories t.TempDir
// creates under /tmp. Nothing becomes listable or writable.
func (u *runAs) makeReachable(dir string, log *slog.Logger) error {
	for p := filepath.Dir(dir); ; p = filepath.Dir(p) {
		info, err := os.Stat(p)
		if err != nil {
			return fmt.Errorf("checking %s: %w", p, err)
		}
		if !u.canSearch(info) {
			mode := info.Mode().Perm() | 0o001
			if err := os.Chmod(p, mode); err != nil {
				return fmt.Errorf("letting user %s reach %s: %w", u.name, dir, err)
			}
			log.Info("granted search permission so PostgreSQL can reach its data", "dir", p, "user", u.name, "mode", mode)
		}
		if p == filepath.Dir(p) {
			return nil
		}
	}
}

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

func ownedByMe(info fs.FileInfo) bool {
	st, ok := info.Sys().(*syscall.Stat_t)
	return !ok || int(st.Uid) == os.Geteuid()
}

// sysProcAttr puts children in their own process group (terminal signals go
// to us, and we stop the server in order) and drops root for them.
func sysProcAttr(u *runAs) *syscall.SysProcAttr {
	attr := &syscall.SysProcAttr{Setpgid: true}
	if u != nil {
		attr.Credential = &syscall.Credential{Uid: u.uid, Gid: u.gid}
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
