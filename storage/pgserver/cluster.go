package pgserver

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/lib/pq"
)

// errExitedEarly means the postmaster we launched exited before it was ready.
var errExitedEarly = errors.New("postgres exited during startup")

// serverPath is the PATH the server's processes get: they find one another
// by their own location, so this only serves shell tools.
const serverPath = "/usr/local/bin:/usr/bin:/bin"

// initCluster runs initdb unless the cluster already exists. The superuser's
// password comes through a pipe; pg_hba.conf allows SCRAM only.
func (s *Server) initCluster(ctx context.Context, ephemeral bool) error {
	if err := s.makeClusterDir(); err != nil {
		return err
	}
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
		args := []string{"-D", s.clusterDir, "-U", UserName, "--auth=scram-sha-256", "--pwfile=/dev/stdin",
			"-E", "UTF8", "--locale=" + locale, "--no-instructions"}
		if ephemeral {
			args = append(args, "--no-sync")
		}
		out, err := s.runInitdb(ctx, args)
		if err == nil {
			return nil
		}
		lastErr = fmt.Errorf("initdb: %w: %s", err, trimOutput(out))
		if ctx.Err() != nil {
			break
		}
		// initdb empties but keeps the directory we made; start clean.
		if err := os.RemoveAll(s.clusterDir); err != nil {
			return errors.Join(lastErr, err)
		}
		if err := s.makeClusterDir(); err != nil {
			return errors.Join(lastErr, err)
		}
	}
	return lastErr
}

func (s *Server) runInitdb(ctx context.Context, args []string) ([]byte, error) {
	pw, err := s.passwordInput()
	if err != nil {
		return nil, err
	}
	defer pw.Close()
	cmd := s.command(ctx, "initdb", args...)
	cmd.Stdin = pw
	return cmd.CombinedOutput()
}

// launch starts the postmaster as our child and waits until it accepts
// connections. It runs in its own process group, so a Ctrl-C aimed at the bot
// does not kill the database under a graceful shutdown.
func (s *Server) launch(ctx context.Context, ephemeral bool) error {
	logFile, err := s.openLog()
	if err != nil {
		return err
	}
	defer logFile.Close() // the child keeps its own copy of the descriptor
	args := []string{"-D", s.clusterDir, "-p", strconv.Itoa(port), "-k", s.socketDir,
		"-c", "listen_addresses=", "-c", "unix_socket_permissions=0700"}
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
	s.reaper.watch(cmd.Process.Pid, s.socketDir) // before gone() can be sent
	go func() {
		_ = cmd.Wait() // the exit status is in pg.log; here we only reap
		s.reaper.gone()
		close(s.exited)
	}()
	s.log.Info("starting PostgreSQL server", "pid", cmd.Process.Pid, "user", s.user.String(),
		"socket_dir", s.socketDir, "log", s.logPath())
	if _, err := s.waitReady(ctx, cmd.Process.Pid, startTimeout); err != nil {
		return fmt.Errorf("%w; server log %s ends with: %s", err, s.logPath(), tailFile(s.logPath()))
	}
	return nil
}

// waitReady waits until the postmaster with pid reports "ready" in
// postmaster.pid and accepts a connection. A server we did not launch names
// its socket directory there; we use it only if it passes the same checks as
// one we made, so nobody can point us at a socket of their own.
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
		case s.socketDir != "" && info.socketDir != s.socketDir:
			lastErr = fmt.Errorf("server listens in %s, not in %s", info.socketDir, s.socketDir)
		default:
			if lastErr = s.checkServerDir(info.socketDir); lastErr != nil {
				return pidFile{}, fmt.Errorf("socket directory: %w", lastErr)
			}
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
// socket directory, line 8 the status (starting, ready, stopping). The file is
// the server's user's: a symlink there is not followed (root would read any
// file for it), and nothing of its content goes into errors.
func readPIDFile(clusterDir string) (pidFile, error) {
	f, err := openNoFollow(filepath.Join(clusterDir, "postmaster.pid"), os.O_RDONLY, 0)
	if err != nil {
		return pidFile{}, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, 4096))
	if err != nil {
		return pidFile{}, err
	}
	lines := strings.Split(string(data), "\n")
	pid, err := strconv.Atoi(strings.TrimSpace(lines[0]))
	if err != nil {
		return pidFile{}, errors.New("postmaster.pid: no pid on its first line")
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

// command prepares a PostgreSQL binary to run as the server's user (when we
// are root) with a minimal environment of its own: nothing of ours (Slack
// tokens, TACT_SECRET, DATABASE_URL, PG* overrides) reaches the server.
func (s *Server) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, filepath.Join(s.binDir, name), args...)
	cmd.Dir = s.dataDir // our cwd may be unreachable for the server's user
	cmd.Env = serverEnv(s.clusterDir)
	cmd.SysProcAttr = sysProcAttr(s.user)
	cmd.WaitDelay = 5 * time.Second
	return cmd
}

// serverEnv is the whole environment of the server's processes. The C locale
// keeps messages and formats as our code expects; TZ, when set, only sets
// the server's log timestamps.
func serverEnv(clusterDir string) []string {
	env := []string{"PATH=" + serverPath, "LANG=C", "LC_ALL=C", "PGDATA=" + clusterDir}
	if tz, ok := os.LookupEnv("TZ"); ok && !strings.ContainsRune(tz, 0) {
		env = append(env, "TZ="+tz)
	}
	return env
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
