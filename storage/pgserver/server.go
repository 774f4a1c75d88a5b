// Package pgserver runs a private PostgreSQL server from the locally installed
// binaries, so `go run .` works without DATABASE_URL and tests work without a
// shared server. The server listens only on a unix socket in a directory only
// it (and root) can enter, takes a password (SCRAM) even there, and gets none
// of our environment. Run by root, it runs as the dedicated system user
// ServerUser (created on first use), and the machine's permissions are left
// as they were: see layout.go for who owns and writes what.
package pgserver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"time"
)

const (
	// DatabaseName and UserName are what DSN connects with; the user is the
	// cluster's superuser.
	DatabaseName = "tact"
	UserName     = "tact"

	// port only names the socket file (.s.PGSQL.5432): there is no TCP listener.
	port = 5432

	initdbTimeout = 2 * time.Minute
	startTimeout  = time.Minute
	stopTimeout   = time.Minute
	reaperTimeout = 30 * time.Second
)

// Options configures Start.
type Options struct {
	// DataDir holds the cluster (DataDir/pg), the server log (DataDir/pg.log),
	// the password (DataDir/pgpass) and normally the socket (DataDir/run).
	// Created if missing. When we are root, ServerUser must be able to reach
	// it: no directory above it is loosened.
	DataDir string
	// Log receives lifecycle messages; nil discards them.
	Log *slog.Logger
	// Ephemeral marks a throwaway cluster (tests): durability is traded for
	// speed (no fsync), and once this process exits, however it exits, the
	// server is stopped and DataDir removed.
	Ephemeral bool
}

// Server is a running PostgreSQL server owned or reused by this process.
type Server struct {
	binDir     string
	dataDir    string
	clusterDir string
	socketDir  string
	password   string
	log        *slog.Logger
	user       *runAs // nil unless we are root

	proc   *exec.Cmd     // nil when an already running server was reused
	exited chan struct{} // closed when proc has exited
	reaper *reaper       // set for Ephemeral servers

	stopOnce sync.Once
	stopErr  error
}

// Start starts (initialising on first use) the cluster in opts.DataDir, or
// reuses a server already running on it, and makes sure the database
// DatabaseName exists.
func Start(ctx context.Context, opts Options) (*Server, error) {
	s, err := prepare(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("starting embedded PostgreSQL: %w", err)
	}
	if err := s.start(ctx, opts.Ephemeral); err != nil {
		s.abandon()
		return nil, fmt.Errorf("starting embedded PostgreSQL in %s: %w", s.dataDir, err)
	}
	return s, nil
}

func prepare(ctx context.Context, opts Options) (*Server, error) {
	if opts.DataDir == "" {
		return nil, errors.New("no data directory given")
	}
	dataDir, err := filepath.Abs(opts.DataDir)
	if err != nil {
		return nil, fmt.Errorf("resolving data directory: %w", err)
	}
	binDir, err := FindBinaries()
	if err != nil {
		return nil, err
	}
	user, err := lookupRunAs(ctx)
	if err != nil {
		return nil, err
	}
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Server{
		binDir:     binDir,
		dataDir:    dataDir,
		clusterDir: filepath.Join(dataDir, "pg"),
		log:        log.With("data_dir", dataDir),
		user:       user,
	}, nil
}

func (s *Server) start(ctx context.Context, ephemeral bool) error {
	if err := s.makeDataDir(); err != nil {
		return err
	}
	if err := s.loadPassword(); err != nil {
		return err
	}
	if ephemeral {
		// Before anything else, so even a crash mid-start leaves nothing behind.
		r, err := s.startReaper()
		if err != nil {
			return err
		}
		s.reaper = r
	}
	if pid, ok := s.runningPID(); ok {
		return s.reuse(ctx, pid)
	}
	if err := s.initCluster(ctx, ephemeral); err != nil {
		return err
	}
	socketDir, err := s.makeSocketDir()
	if err != nil {
		return err
	}
	s.socketDir = socketDir
	if err := s.launch(ctx, ephemeral); err != nil {
		// Lost a race with another process starting the same cluster?
		if pid, ok := s.runningPID(); ok && errors.Is(err, errExitedEarly) {
			return s.reuse(ctx, pid)
		}
		return err
	}
	return s.ready(ctx)
}

// ready finishes a start once the server answers.
func (s *Server) ready(ctx context.Context) error {
	if err := s.hardenAuth(ctx); err != nil {
		return err
	}
	return s.ensureDatabase(ctx)
}

// reuse adopts a server an earlier run left running on this data directory.
func (s *Server) reuse(ctx context.Context, pid int) error {
	s.socketDir = "" // the server names its own, which waitReady checks
	info, err := s.waitReady(ctx, pid, startTimeout)
	if err != nil {
		return fmt.Errorf("a PostgreSQL server (pid %d) is already running on %s but is not usable: %w; "+
			"stop it with `pg_ctl stop -D %s` and retry", pid, s.clusterDir, err, s.clusterDir)
	}
	s.reaper.watch(pid, "")
	s.log.Info("reusing running PostgreSQL server", "pid", pid, "socket_dir", info.socketDir)
	return s.ready(ctx)
}

// DSN returns the lib/pq connection string for the tact database over the unix
// socket. It holds the password: never log it.
func (s *Server) DSN() string {
	return s.dsn(DatabaseName)
}

func (s *Server) dsn(database string) string {
	return fmt.Sprintf("host=%s port=%d dbname=%s user=%s password=%s sslmode=disable",
		quoteDSN(s.socketDir), port, quoteDSN(database), quoteDSN(UserName), quoteDSN(s.password))
}

// Stop shuts the server down (fast mode: sessions are ended, committed data is
// safe) and waits for it to exit. For Ephemeral servers it also removes
// DataDir. Calling Stop again does nothing.
func (s *Server) Stop() error {
	s.stopOnce.Do(func() {
		s.stopErr = s.stop()
	})
	return s.stopErr
}

func (s *Server) stop() error {
	ctx, cancel := context.WithTimeout(context.Background(), stopTimeout)
	defer cancel()
	var errs []error
	if _, ok := s.runningPID(); ok {
		out, err := s.command(ctx, "pg_ctl", "stop", "-D", s.clusterDir, "-m", "fast", "-w",
			"-t", fmt.Sprint(int(stopTimeout.Seconds()))).CombinedOutput()
		if err != nil {
			errs = append(errs, fmt.Errorf("pg_ctl stop: %w: %s", err, trimOutput(out)))
		} else if s.proc == nil {
			s.reaper.gone() // a reused server: pg_ctl waited for it to exit
		}
	}
	if s.proc != nil {
		select {
		case <-s.exited:
		case <-ctx.Done():
			errs = append(errs, fmt.Errorf("waiting for postgres (pid %d) to exit: %w", s.proc.Process.Pid, ctx.Err()))
		}
	}
	if s.reaper != nil {
		if err := s.reaper.release(reaperTimeout); err != nil {
			errs = append(errs, err)
		}
	}
	if s.socketDir != "" && s.socketDir != filepath.Join(s.dataDir, "run") {
		_ = os.Remove(s.socketDir) // the short temp dir; fails harmlessly if in use
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("stopping embedded PostgreSQL in %s: %w", s.dataDir, err)
	}
	s.log.Info("PostgreSQL server stopped")
	return nil
}

// abandon cleans up after a failed start: a server we launched is killed
// (it may be half-started) and an ephemeral data dir goes with the reaper.
func (s *Server) abandon() {
	if s.proc != nil {
		_ = s.proc.Process.Kill()
		<-s.exited
	}
	if s.reaper != nil {
		_ = s.reaper.release(reaperTimeout)
	}
}
