package pgserver

import (
	"fmt"
	"os"
	"os/exec"
	"sync"
	"time"
)

// reaperScript blocks until its stdin pipe closes, which happens when our
// process exits for any reason (the kernel closes the write end), or when Stop
// closes it. Then it stops the server, unless we reported it gone, and
// removes the throwaway directories. We send it, one per line, the
// postmaster's pid and socket directory once launched, then "stopped" once it
// has exited: the pid is our own child's, never read from a file the server
// could write, and is not signalled once it may have been reused.
//
// It runs as the bot's user (root, when we are): only that user may remove
// the data directory. Signalling needs no pg_ctl, which refuses root.
const reaperScript = `read pid
read sock
read state
cat >/dev/null 2>&1
if [ -n "$pid" ] && [ "$state" != stopped ]; then
  kill -QUIT "$pid" 2>/dev/null
  i=0
  while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 300 ]; do sleep 0.1; i=$((i+1)); done
fi
rm -rf "$1"
if [ -n "$sock" ]; then rm -rf "$sock"; fi`

// reaper cleans up an Ephemeral server once this process is gone, without
// needing a TestMain or a signal handler.
type reaper struct {
	mu   sync.Mutex
	pipe *os.File // write end of the reaper's stdin
	done chan struct{}
}

func (s *Server) startReaper() (*reaper, error) {
	r, w, err := os.Pipe() // close-on-exec: no other child inherits w
	if err != nil {
		return nil, fmt.Errorf("creating reaper pipe: %w", err)
	}
	defer r.Close() // the child has its own copy
	cmd := exec.Command("/bin/sh", "-c", reaperScript, "tact-reaper", s.dataDir)
	cmd.Stdin = r
	cmd.Dir = "/"
	cmd.Env = []string{"PATH=" + serverPath, "LC_ALL=C"}
	cmd.SysProcAttr = sysProcAttr(nil) // own process group: a Ctrl-C must not kill it
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

// watch tells the reaper which postmaster to stop and which socket
// directory to remove. Nil-safe: only Ephemeral servers have a reaper.
func (r *reaper) watch(pid int, socketDir string) {
	r.send(fmt.Sprintf("%d\n%s\n", pid, socketDir))
}

// gone tells the reaper the postmaster has exited.
func (r *reaper) gone() {
	r.send("stopped\n")
}

func (r *reaper) send(lines string) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	_, _ = r.pipe.WriteString(lines) // a dead reaper can do nothing for us anyway
}

// release triggers the cleanup now and waits for it.
func (r *reaper) release(timeout time.Duration) error {
	r.mu.Lock()
	_ = r.pipe.Close()
	r.mu.Unlock()
	select {
	case <-r.done:
		return nil
	case <-time.After(timeout):
		return fmt.Errorf("cleanup process did not finish within %s", timeout)
	}
}
