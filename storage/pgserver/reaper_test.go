package pgserver_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	osexec "os/exec"
	"strings"
	"testing"
	"time"

	"github.com/tact-bot/tact/storage/pgserver"
)

const helperEnv = "PGSERVER_HELPER_DATADIR"

// TestEphemeralServerDiesWithItsProcess SIGKILLs a process running an
// Ephemeral server (no chance to clean up itself) and expects the server gone
// and its directory removed anyway.
func TestEphemeralServerDiesWithItsProcess(t *testing.T) {
	dataDir, err := os.MkdirTemp("", "pgserver-orphan-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dataDir) })
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	cmd := osexec.CommandContext(ctx, os.Args[0], "-test.run=^TestHelperEphemeralServer$")
	cmd.Env = append(os.Environ(), helperEnv+"="+dataDir)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	dsn := ""
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if after, ok := strings.CutPrefix(sc.Text(), "DSN="); ok {
			dsn = after
			break
		}
	}
	if dsn == "" {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Fatal("helper process did not start a server")
	}
	if err := ping(dsn); err != nil {
		t.Fatalf("server of the helper process: %v", err)
	}

	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait() // killed: the error is expected

	deadline := time.Now().Add(30 * time.Second)
	for {
		_, statErr := os.Stat(dataDir)
		pingErr := ping(dsn)
		if errors.Is(statErr, os.ErrNotExist) && pingErr != nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("30 s after the process died: data dir stat = %v, ping = %v; want both gone", statErr, pingErr)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestHelperEphemeralServer is the child side of the test above; it does
// nothing in a normal run.
func TestHelperEphemeralServer(t *testing.T) {
	dataDir := os.Getenv(helperEnv)
	if dataDir == "" {
		return
	}
	srv, err := pgserver.Start(context.Background(), pgserver.Options{DataDir: dataDir, Ephemeral: true})
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	fmt.Printf("DSN=%s\n", srv.DSN())
	time.Sleep(time.Minute) // until the parent kills us
}
