package pgserver

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Layout of the data directory, which belongs to the bot's user:
//
//	pg/      the cluster (PGDATA), owned by the server's user, mode 0700
//	run/     the socket directory, owned by the server's user, mode 0700,
//	         made afresh at each launch
//	pgpass   the superuser's password, the bot's, mode 0600, in libpq's
//	         password file format
//	pg.log   the server's output, the bot's; the server writes through the
//	         descriptor we hand it
//
// When we are root the server runs as ServerUser, which may only search the
// data directory (group, g=x), so it can neither list it nor replace any of
// our entries with a symlink. Root therefore writes only to files in a
// directory nobody else can write (pgpass, pg.log), or creates an entry there
// and then hands it over (pg/, run/); everything inside pg/ and run/ is
// written by the server's own processes.

// maxSocketPath keeps <socket dir>/.s.PGSQL.5432 under the unix socket path
// limit (104 bytes on macOS, 108 on Linux, including the NUL).
const maxSocketPath = 100

// ErrUnreachable means the server's user cannot reach the data directory.
var ErrUnreachable = errors.New("PostgreSQL cannot reach its data directory")

// makeDataDir creates the data directory or checks an existing one is ours,
// then lets the server's user search it.
func (s *Server) makeDataDir() error {
	// Checked first, so a refusal leaves nothing behind.
	if err := s.user.checkReachable(s.dataDir); err != nil {
		return err
	}
	// Missing ancestors get mkdir -p's usual 0755, so the server's user can
	// reach the data directory through them; the data directory is private.
	if err := os.MkdirAll(filepath.Dir(s.dataDir), 0o755); err != nil {
		return fmt.Errorf("creating data directory: %w", err)
	}
	if err := os.Mkdir(s.dataDir, 0o700); err != nil && !errors.Is(err, os.ErrExist) {
		return fmt.Errorf("creating data directory: %w", err)
	}
	if err := s.user.checkReachable(s.dataDir); err != nil {
		return err // a umask made what we created private
	}
	info, err := os.Stat(s.dataDir)
	if err != nil {
		return fmt.Errorf("checking data directory: %w", err)
	}
	if uid, ok := ownerOf(info); ok && int(uid) != os.Geteuid() {
		return fmt.Errorf("data directory %s belongs to uid %d, not to the bot's user (uid %d): "+
			"give it to the bot's user (chown), keeping pg/ with user %s", s.dataDir, uid, os.Geteuid(), ServerUser)
	}
	if info.Mode().Perm()&0o022 != 0 {
		return fmt.Errorf("data directory %s is writable by others (mode %04o): chmod go-w it",
			s.dataDir, info.Mode().Perm())
	}
	return s.user.letSearch(s.dataDir)
}

// makeClusterDir creates pg/ for initdb, which as the server's user could not
// create it in our directory, or checks the existing one belongs to it.
func (s *Server) makeClusterDir() error {
	err := os.Mkdir(s.clusterDir, 0o700)
	if err == nil {
		return s.user.handOver(s.clusterDir)
	}
	if !errors.Is(err, os.ErrExist) {
		return fmt.Errorf("creating cluster directory: %w", err)
	}
	return s.checkServerDir(s.clusterDir)
}

// checkServerDir verifies dir is a real directory (not a symlink) of the
// server's user with mode 0700.
func (s *Server) checkServerDir(dir string) error {
	info, err := os.Lstat(dir)
	if err != nil {
		return fmt.Errorf("checking %s: %w", dir, err)
	}
	if !info.IsDir() {
		return fmt.Errorf("%s is not a directory (a symlink?)", dir)
	}
	if uid, ok := ownerOf(info); ok && uid != s.user.uidOf() {
		return fmt.Errorf("%s belongs to uid %d, not to the server's user (uid %d): "+
			"chown -R it to the server's user (%s when the bot runs as root)", dir, uid, s.user.uidOf(), ServerUser)
	}
	if perm := info.Mode().Perm(); perm != 0o700 {
		return fmt.Errorf("%s has mode %04o, want 0700", dir, perm)
	}
	return nil
}

// makeSocketDir creates a fresh private directory for the socket: run/ in the
// data directory, or, when that path is too long for a socket, a directory
// with a random name in the temp dir (never a name derived from the data
// directory, which another local user could create first).
func (s *Server) makeSocketDir() (string, error) {
	dir := filepath.Join(s.dataDir, "run")
	if len(dir)+len("/.s.PGSQL.5432") <= maxSocketPath && plainPath(dir) {
		// Nobody else can write the data directory, so what we remove and
		// create here cannot be swapped behind our back; RemoveAll does not
		// follow symlinks. Leftovers of a crash (socket, lock file) go too.
		if err := os.RemoveAll(dir); err != nil {
			return "", fmt.Errorf("clearing socket directory: %w", err)
		}
		if err := os.Mkdir(dir, 0o700); err != nil {
			return "", fmt.Errorf("creating socket directory: %w", err)
		}
	} else {
		var err error
		if dir, err = os.MkdirTemp("", "tactpg-"); err != nil {
			return "", fmt.Errorf("creating socket directory: %w", err)
		}
	}
	if err := s.user.handOver(dir); err != nil {
		return "", err
	}
	return dir, s.checkServerDir(dir)
}

// openLog opens pg.log in the data directory for the server's output.
func (s *Server) openLog() (*os.File, error) {
	f, err := openNoFollow(s.logPath(), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("opening server log: %w", err)
	}
	return f, nil
}

func (s *Server) logPath() string { return filepath.Join(s.dataDir, "pg.log") }

// plainPath reports whether p needs no quoting in postgres options or DSNs.
func plainPath(p string) bool {
	return !strings.ContainsFunc(p, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+@", r))
	})
}
