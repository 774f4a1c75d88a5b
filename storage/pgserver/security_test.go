//go:build unix

package pgserver_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tact-bot/tact/storage/pgserver"
)

// These tests hold the promise that the embedded server leaves the machine
// as safe as it found it. CI runs them as root, where each property matters
// most; as another user they check what applies to it.

func isRoot() bool { return os.Geteuid() == 0 }

// serverUID is the uid the server must run as and own its files with.
func serverUID(t *testing.T) uint32 {
	t.Helper()
	if !isRoot() {
		return uint32(os.Geteuid())
	}
	u, err := user.Lookup(pgserver.ServerUser)
	if err != nil {
		t.Fatalf("looking up %s: %v", pgserver.ServerUser, err)
	}
	uid, err := strconv.ParseUint(u.Uid, 10, 32)
	if err != nil {
		t.Fatal(err)
	}
	return uint32(uid)
}

func TestParentsOfDataDirKeepTheirModes(t *testing.T) {
	base := reachableDir(t)
	mid := filepath.Join(base, "mid")
	if err := os.Mkdir(mid, 0o751); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(mid, 0o751); err != nil { // whatever the umask
		t.Fatal(err)
	}
	dataDir := filepath.Join(mid, "data")
	before := ancestorModes(t, dataDir)
	srv := start(t, pgserver.Options{DataDir: dataDir})
	exec(t, srv.DSN(), `SELECT 1`)
	assertModes(t, "while running", dataDir, before)
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	assertModes(t, "after Stop", dataDir, before)
}

// TestUnreachableDataDirFailsWithoutLoosening: t.TempDir's parent is 0700,
// like /root. As root the server's user cannot pass it, and the bot says so
// in one line instead of granting itself a way in (the old behaviour made
// /root 0701). As any other user the server runs as that user, who can.
func TestUnreachableDataDirFailsWithoutLoosening(t *testing.T) {
	private := t.TempDir()
	if err := os.Chmod(private, 0o700); err != nil {
		t.Fatal(err)
	}
	dataDir := filepath.Join(private, "data")
	before := ancestorModes(t, dataDir)
	if !isRoot() {
		srv := start(t, pgserver.Options{DataDir: dataDir})
		exec(t, srv.DSN(), `SELECT 1`)
		assertModes(t, "as the server's own user", dataDir, before)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), startTestTimeout)
	defer cancel()
	srv, err := pgserver.Start(ctx, pgserver.Options{DataDir: dataDir})
	if err == nil {
		_ = srv.Stop()
		t.Fatal("Start succeeded with a data directory the server's user cannot reach")
	}
	if !errors.Is(err, pgserver.ErrUnreachable) {
		t.Errorf("Start error = %v, want ErrUnreachable", err)
	}
	msg := err.Error()
	if strings.Contains(msg, "\n") || !strings.Contains(msg, private) || !strings.Contains(msg, pgserver.ServerUser) {
		t.Errorf("error %q should be one line naming %s and %s", msg, private, pgserver.ServerUser)
	}
	assertModes(t, "after the refusal", dataDir, before)
	if _, err := os.Lstat(dataDir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("data directory after the refusal: %v, want nothing created", err)
	}
}

// TestSocketDirIsFreshAndVerified: a run/ someone replaced with a symlink
// to their own directory is not used; the socket directory is a real
// directory of the server's user, mode 0700.
func TestSocketDirIsFreshAndVerified(t *testing.T) {
	base := reachableDir(t)
	attacker := filepath.Join(base, "attacker")
	if err := os.Mkdir(attacker, 0o777); err != nil {
		t.Fatal(err)
	}
	dataDir := filepath.Join(base, "data")
	if err := os.Mkdir(dataDir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(attacker, filepath.Join(dataDir, "run")); err != nil {
		t.Fatal(err)
	}
	srv := start(t, pgserver.Options{DataDir: dataDir})
	exec(t, srv.DSN(), `SELECT 1`)
	sock := dsnField(srv.DSN(), "host")
	if sock != filepath.Join(dataDir, "run") {
		t.Errorf("socket directory %s, want %s", sock, filepath.Join(dataDir, "run"))
	}
	assertPrivateDir(t, sock, serverUID(t))
	assertEmpty(t, attacker)
}

// TestLongDataDirSocketDirIsUnpredictable: when the data directory is too
// deep for a socket path, the socket goes to a temp directory with a random
// name, never the name earlier versions derived from the data directory
// (which another local user could create first, then log in as superuser).
func TestLongDataDirSocketDirIsUnpredictable(t *testing.T) {
	dataDir := filepath.Join(reachableDir(t), strings.Repeat("deep-directory-name/", 6))
	sum := sha256.Sum256([]byte(dataDir))
	legacy := filepath.Join(os.TempDir(), "tactpg-"+hex.EncodeToString(sum[:6]))
	if err := os.Mkdir(legacy, 0o777); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(legacy) })
	if err := os.Chmod(legacy, 0o777); err != nil {
		t.Fatal(err)
	}
	if isRoot() { // as root, the squatter is another account
		if err := os.Chown(legacy, 65534, 65534); err != nil {
			t.Fatal(err)
		}
	}
	srv := start(t, pgserver.Options{DataDir: dataDir})
	exec(t, srv.DSN(), `SELECT 1`)
	first := dsnField(srv.DSN(), "host")
	if first == legacy {
		t.Fatalf("socket in the predictable directory %s", legacy)
	}
	if !strings.HasPrefix(first, os.TempDir()) || strings.HasPrefix(first, dataDir) {
		t.Errorf("socket directory %s, want a short one in %s", first, os.TempDir())
	}
	assertPrivateDir(t, first, serverUID(t))
	assertEmpty(t, legacy)
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(first); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("socket directory %s after Stop: %v, want it removed", first, err)
	}

	srv = start(t, pgserver.Options{DataDir: dataDir})
	if second := dsnField(srv.DSN(), "host"); second == first {
		t.Errorf("the socket directory was %s on both starts: it must not be predictable", first)
	}
}

// TestPasswordIsRequired: the socket alone grants nothing.
func TestPasswordIsRequired(t *testing.T) {
	t.Setenv("PGPASSFILE", filepath.Join(t.TempDir(), "none")) // lib/pq must not find one elsewhere
	t.Setenv("PGPASSWORD", "")
	dataDir := reachableDir(t)
	srv := start(t, pgserver.Options{DataDir: dataDir})
	if dsnField(srv.DSN(), "password") == "" {
		t.Fatalf("DSN %q carries no password", srv.DSN())
	}
	exec(t, srv.DSN(), `SELECT 1`)
	if err := ping(withoutPassword(srv.DSN())); err == nil || !strings.Contains(err.Error(), "password") {
		t.Errorf("connecting without the password: %v, want a password authentication error", err)
	}
	if got := queryString(t, srv.DSN(),
		`SELECT coalesce(string_agg(DISTINCT auth_method, ','), '') FROM pg_hba_file_rules`); got != "scram-sha-256" {
		t.Errorf("pg_hba.conf methods = %q, want only scram-sha-256", got)
	}
	info, err := os.Lstat(filepath.Join(dataDir, "pgpass"))
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode() != 0o600 || ownerUID(info) != uint32(os.Geteuid()) {
		t.Errorf("pgpass: mode %v owner %d, want -rw------- of uid %d", info.Mode(), ownerUID(info), os.Geteuid())
	}
	if isRoot() {
		if info, err := os.Lstat(dataDir); err != nil || ownerUID(info) != 0 {
			t.Errorf("data directory owner: %v, %v; want root, so the server's user cannot touch pgpass", info, err)
		}
	}
}

// TestTrustClusterSwitchesToPasswords: a cluster an earlier version made
// with trust authentication is switched to passwords at the next start.
func TestTrustClusterSwitchesToPasswords(t *testing.T) {
	t.Setenv("PGPASSFILE", filepath.Join(t.TempDir(), "none"))
	dataDir := reachableDir(t)
	srv := start(t, pgserver.Options{DataDir: dataDir})
	hba := filepath.Join(dataDir, "pg", "pg_hba.conf")
	exec(t, srv.DSN(), `COPY (SELECT 'local all all trust') TO '`+hba+`'`)
	exec(t, srv.DSN(), `SELECT pg_reload_conf()`)
	waitFor(t, "trust to take effect", func() bool { return ping(withoutPassword(srv.DSN())) == nil })
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}

	srv = start(t, pgserver.Options{DataDir: dataDir})
	exec(t, srv.DSN(), `SELECT 1`)
	waitFor(t, "the password to be required again", func() bool { return ping(withoutPassword(srv.DSN())) != nil })
}

// TestServerLogIsNotFollowedThroughSymlink: root opens pg.log; a symlink
// there must not redirect the write.
func TestServerLogIsNotFollowedThroughSymlink(t *testing.T) {
	base := reachableDir(t)
	victim := filepath.Join(base, "victim")
	if err := os.WriteFile(victim, []byte("untouched"), 0o644); err != nil {
		t.Fatal(err)
	}
	dataDir := filepath.Join(base, "data")
	if err := os.Mkdir(dataDir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(victim, filepath.Join(dataDir, "pg.log")); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), startTestTimeout)
	defer cancel()
	if srv, err := pgserver.Start(ctx, pgserver.Options{DataDir: dataDir}); err == nil {
		_ = srv.Stop()
		t.Error("Start wrote its log through a symlink")
	}
	if b, _ := os.ReadFile(victim); string(b) != "untouched" {
		t.Errorf("the symlink's target now holds %q", b)
	}
}

func ancestorModes(t *testing.T, dir string) map[string]fs.FileMode {
	t.Helper()
	modes := map[string]fs.FileMode{}
	for p := filepath.Dir(dir); ; p = filepath.Dir(p) {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		modes[p] = info.Mode()
		if p == filepath.Dir(p) {
			return modes
		}
	}
}

func assertModes(t *testing.T, when, dir string, want map[string]fs.FileMode) {
	t.Helper()
	for p, mode := range ancestorModes(t, dir) {
		if mode != want[p] {
			t.Errorf("%s: %s has mode %v, was %v", when, p, mode, want[p])
		}
	}
}

func assertPrivateDir(t *testing.T, dir string, owner uint32) {
	t.Helper()
	info, err := os.Lstat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !info.IsDir() || info.Mode().Perm() != 0o700 || ownerUID(info) != owner {
		t.Errorf("%s: %v owned by %d, want a directory of mode 0700 owned by %d", dir, info.Mode(), ownerUID(info), owner)
	}
}

func assertEmpty(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 0 {
		t.Errorf("%s holds %d entries, want it untouched", dir, len(entries))
	}
}

func ownerUID(info fs.FileInfo) uint32 {
	return info.Sys().(*syscall.Stat_t).Uid
}

// dsnField returns one key's value from a key=value DSN (unquoted values).
func dsnField(dsn, key string) string {
	for _, f := range strings.Fields(dsn) {
		if v, ok := strings.CutPrefix(f, key+"="); ok {
			return strings.Trim(v, "'")
		}
	}
	return ""
}

func withoutPassword(dsn string) string {
	var kept []string
	for _, f := range strings.Fields(dsn) {
		if !strings.HasPrefix(f, "password=") {
			kept = append(kept, f)
		}
	}
	return strings.Join(kept, " ")
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
