package pgserver

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/lib/pq"
)

// maxSocketPath keeps DataDir/run/.s.PGSQL.5432 under the unix socket path
// limit (104 bytes on macOS, 108 on Linux, including the NUL).
const maxSocketPath = 100

// errExitedEarly means the postmaster we launched exited before it was ready.
var errExitedEarly = errors.New("postgres exited during startup")

func (s *Server) makeDataDir() error {
	if err := os.MkdirAll(s.dataDir, 0o700); err != nil {
		return fmt.Errorf("creating data directory: %w", err)
	}
	if s.user == nil {
		return nil
	}
	if err := s.user.own(s.dataDir); err != nil {
		return err
	}
	return s.user.makeReachable(s.dataDir, s.log)
}

// initCluster runs initdb unless the cluster already exists.
func (s *Server) initCluster(ctx context.Context, ephemeral bool) error {
	if _, err := os.Stat(filepath.Join(s.clusterDir, "PG_VERSION")); err == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, initdbTimeout)
	defer cancel()
	s.log.Info("initialising PostgreSQL cluster", "bin_dir", s.binDir)
	// C.UTF-8 sorts by code point yet stays UTF-8 aware; systems without it
	// (macOS) get plain C.
	var lastErr error
	for _, locale := range []string{"C.UTF-8", "C"} {
		args := []string{"-D", s.clusterDir, "-U", UserName, "--auth=trust", "-E", "UTF8",
			"--locale=" + locale, "--no-instructions"}
		if ephemeral {
			args = append(args, "--no-sync")
		}
		out, err := s.command(ctx, "initdb", args...).CombinedOutput()
		if err == nil {
			return nil
		}
		lastErr = fmt.Errorf("initdb: %w: %s", err, trimOutput(out))
		if ctx.Err() != nil {
			break
		}
		// initdb removes what it created, but not a directory that pre-existed.
		_ = os.RemoveAll(s.clusterDir)
	}
	return lastErr
}

// socketDirFor returns DataDir/run, or a short directory under the temp dir
// when that path is too long for a unix socket or would need quoting.
func socketDirFor(dataDir string) string {
	dir := filepath.Join(dataDir, "run")
	if len(dir)+len("/.s.PGSQL.5432") <= maxSocketPath && plainPath(dir) {
		return dir
	}
	sum := sha256.Sum256([]byte(dataDir))
	return filepath.Join(os.TempDir(), "tactpg-"+hex.EncodeToString(sum[:6]))
}

func (s *Server) makeSocketDir() (string, error) {
	dir := socketDirFor(s.dataDir)
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, os.ErrExist) {
		return "", fmt.Errorf("creating socket directory: %w", err)
	}
	info, err := os.Lstat(dir)
	if err != nil {
		return "", fmt.Errorf("checking socket directory: %w", err)
	}
	if !info.IsDir() {
		return "", fmt.Errorf("socket directory %s is not a directory", dir)
	}
	if s.user == nil {
		if !ownedByMe(info) {
			return "", fmt.Errorf("socket directory %s belongs to another user", dir)
		}
		return dir, nil
	}
	if err := s.user.own(dir); err != nil {
		return "", err
	}
	return dir, s.user.makeReachable(dir, s.log)
}

// plainPath reports whether p needs no quoting in postgres options or DSNs.
func plainPath(p string) bool {
	return !strings.ContainsFunc(p, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+@", r))
	})
}

// launch starts the postmaster as our child and waits until it accepts
// connections. It runs in its own process group, so a Ctrl-C aimed at the bot
// does not kill the database under a graceful shutdown.
func (s *Server) launch(ctx context.Context, ephemeral bool) error {
	logFile, err := os.OpenFile(filepath.Join(s.dataDir, "pg.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("opening server log: %w", err)
	}
	defer logFile.Close() // the child keeps its own copy of the descriptor
	args := []string{"-D", s.clusterDir, "-p", strconv.Itoa(port), "-k", s.socketDir, "-c", "listen_addresses="}
	if ephemeral {
		args = append(args, "-c", "fsync=off", "-c", "synchronous_commit=off",
			"-c", "full_page_writes=off", "-c", "max_connections=300")
	}
	cmd := s.command(context.Background(), "postgres", args...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting postgres: %w", err)
	}
	s.proc = cmd
	s.exited = make(chan struct{})
	go func() {
		_ = cmd.Wait() // the exit status is in pg.log; here we only reap
		close(s.exited)
	}()
	s.log.Info("starting PostgreSQL server", "pid", cmd.Process.Pid, "socket_dir", s.socketDir,
		"log", filepath.Join(s.dataDir, "pg.log"))
	if _, err := s.waitReady(ctx, cmd.Process.Pid, startTimeout); err != nil {
		return fmt.Errorf("%w; server log %s ends with: %s", err, filepath.Join(s.dataDir, "pg.log"),
			tailFile(filepath.Join(s.dataDir, "pg.log")))
	}
	return nil
}

// waitReady waits until the postmaster with pid reports "ready" in
// postmaster.pid and accepts a connection.
func (s *Server) waitReady(ctx context.Context, pid int, timeout time.Duration) (pidFile, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	var lastErr error = errors.New("no postmaster.pid yet")
	for {
		info, err := readPIDFile(s.clusterDir)
		switch {
		case err != nil:
			lastErr = err
		case info.pid != pid:
			lastErr = fmt.Errorf("postmaster.pid names pid %d, not %d", info.pid, pid)
		case info.status != "" && info.status != "ready": // "" before PostgreSQL 10
			lastErr = fmt.Errorf("server status %q", info.status)
		default:
			s.socketDir = info.socketDir
			if lastErr = s.ping(ctx); lastErr == nil {
				return info, nil
			}
		}
		select {
		case <-s.exitedChan():
			return pidFile{}, errExitedEarly
		case <-ctx.Done():
			return pidFile{}, fmt.Errorf("server not ready (%w): %w", lastErr, ctx.Err())
		case <-tick.C:
		}
	}
}

// exitedChan is nil (blocks forever) for a reused server we did not launch.
func (s *Server) exitedChan() <-chan struct{} {
	return s.exited
}

func (s *Server) ping(ctx context.Context) error {
	db, err := sql.Open("postgres", s.dsn("postgres"))
	if err != nil {
		return err
	}
	defer db.Close()
	return db.PingContext(ctx)
}

// ensureDatabase creates the tact database unless it exists.
func (s *Server) ensureDatabase(ctx context.Context) error {
	db, err := sql.Open("postgres", s.dsn("postgres"))
	if err != nil {
		return fmt.Errorf("connecting to create database: %w", err)
	}
	defer db.Close()
	var exists bool
	if err := db.QueryRowContext(ctx,
		`SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, DatabaseName).Scan(&exists); err != nil {
		return fmt.Errorf("checking database %s: %w", DatabaseName, err)
	}
	if exists {
		return nil
	}
	_, err = db.ExecContext(ctx, "CREATE DATABASE "+pq.QuoteIdentifier(DatabaseName))
	var pqErr *pq.Error
	if errors.As(err, &pqErr) && pqErr.Code == "42P04" { // duplicate_database: a concurrent start won
		return nil
	}
	if err != nil {
		return fmt.Errorf("creating database %s: %w", DatabaseName, err)
	}
	return nil
}

// pidFile is what postmaster.pid says about a server.
type pidFile struct {
	pid       int
	socketDir string
	status    string
}

// readPIDFile parses postmaster.pid: line 1 is the pid, line 5 the first
// socket directory, line 8 the status (starting, ready, stopping).
func readPIDFile(clusterDir string) (pidFile, error) {
	data, err := os.ReadFile(filepath.Join(clusterDir, "postmaster.pid"))
	if err != nil {
		return pidFile{}, err
	}
	lines := strings.Split(string(data), "\n")
	pid, err := strconv.Atoi(strings.TrimSpace(lines[0]))
	if err != nil {
		return pidFile{}, fmt.Errorf("postmaster.pid: bad pid %q", lines[0])
	}
	info := pidFile{pid: pid}
	if len(lines) > 4 {
		info.socketDir = strings.TrimSpace(lines[4])
	}
	if len(lines) > 7 {
		info.status = strings.TrimSpace(lines[7])
	}
	return info, nil
}

// runningPID returns the pid of a live postmaster on the cluster, if any. A
// stale file from a crash is ignored; postgres itself replaces it on start.
func (s *Server) runningPID() (int, bool) {
	info, err := readPIDFile(s.clusterDir)
	if err != nil || !processAlive(info.pid) {
		return 0, false
	}
	return info.pid, true
}

// command prepares a PostgreSQL binary to run as the unprivileged user (when we
// are root) with an environment free of libpq and locale variables that would
// override our settings.
func (s *Server) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, filepath.Join(s.binDir, name), args...)
	cmd.Dir = s.dataDir // our cwd may be unreachable for the unprivileged user
	cmd.Env = cleanEnv(os.Environ())
	cmd.SysProcAttr = sysProcAttr(s.user)
	cmd.WaitDelay = 5 * time.Second
	return cmd
}

func cleanEnv(env []string) []string {
	out := make([]string, 0, len(env)+1)
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "PG") || strings.HasPrefix(name, "LC_") || name == "LANG" || name == "LANGUAGE" {
			continue
		}
		out = append(out, kv)
	}
	return append(out, "LC_ALL=C")
}

// quoteDSN quotes a lib/pq key=value DSN value.
func quoteDSN(v string) string {
	if v != "" && plainPath(v) {
		return v
	}
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(v) + "'"
}

func trimOutput(out []byte) string {
	const max = 2000
	out = bytes.TrimSpace(out)
	if len(out) > max {
		out = append([]byte("…"), out[len(out)-max:]...)
	}
	return string(out)
}

func tailFile(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Sprintf("(unreadable: %v)", err)
	}
	return trimOutput(data)
}
