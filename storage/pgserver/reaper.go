package pgserver

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// reaperScript blocks until its stdin pipe closes, which happens when our
// process exits for any reason (the kernel closes the write end), or when Stop
// closes it. Then it stops the server and removes the throwaway directories.
// It runs as the server's user, since pg_ctl refuses root.
const reaperScript = `cat >/dev/null 2>&1
"$0" stop -D "$1" -m immediate -w -t 30 >/dev/null 2>&1
rm -rf "$2" "$3"`

// reaper cleans up an Ephemeral server once this process is gone, without
// needing a TestMain or a signal handler.
type reaper struct {
	pipe *os.File // write end of the reaper's stdin
	done chan struct{}
}

func (s *Server) startReaper() (*reaper, error) {
	r, w, err := os.Pipe() // close-on-exec: no other child inherits w
	if err != nil {
		return nil, fmt.Errorf("creating reaper pipe: %w", err)
	}
	defer r.Close() // the child has its own copy
	cmd := exec.Command("/bin/sh", "-c", reaperScript,
		filepath.Join(s.binDir, "pg_ctl"), s.clusterDir, s.dataDir, socketDirFor(s.dataDir))
	cmd.Stdin = r
	cmd.Dir = "/"
	cmd.Env = cleanEnv(os.Environ())
	cmd.SysProcAttr = sysProcAttr(s.user)
	if err := cmd.Start(); err != nil {
		w.Close()
		return nil, fmt.Errorf("starting cleanup process: %w", err)
	}
	done := make(chan struct{})
	go func() {
		_ = cmd.Wait() // nothing to report: the script ignores its own failures
		close(done)
	}()
	return &reaper{pipe: w, done: done}, nil
}

// release triggers the cleanup now and waits for it.
func (r *reaper) release(timeout time.Duration) error {
	_ = r.pipe.Close()
	select {
	case <-r.done:
		return nil
	case <-time.After(timeout):
		return fmt.Errorf("cleanup process did not finish within %s", timeout)
	}
}
