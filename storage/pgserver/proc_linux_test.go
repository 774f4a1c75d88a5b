package pgserver_test

import (
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tact-bot/tact/storage/pgserver"
)

// TestServerEnvironmentHoldsNoSecrets: nothing of the bot's environment
// (tokens, secret, database URL) reaches the server's processes.
func TestServerEnvironmentHoldsNoSecrets(t *testing.T) {
	secrets := map[string]string{
		"SLACK_BOT_TOKEN": "xoxb-env-leak-bot-token",
		"SLACK_APP_TOKEN": "xapp-env-leak-app-token",
		"TACT_SECRET":     "env-leak-tact-secret-0123456789abcdef",
		"DATABASE_URL":    "postgres://leak:env-leak-db-password@db/tact",
		"PGPASSWORD":      "env-leak-pgpassword",
	}
	for k, v := range secrets {
		t.Setenv(k, v)
	}
	dataDir := reachableDir(t)
	srv := start(t, pgserver.Options{DataDir: dataDir})
	backend, err := strconv.Atoi(queryString(t, srv.DSN(), `SELECT pg_backend_pid()::text`))
	if err != nil {
		t.Fatal(err)
	}
	for _, pid := range []int{postmasterPID(t, dataDir), backend} {
		environ, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/environ")
		if err != nil {
			t.Fatal(err)
		}
		for _, kv := range strings.Split(string(environ), "\x00") {
			name, _, _ := strings.Cut(kv, "=")
			if strings.HasPrefix(name, "SLACK_") || strings.HasPrefix(name, "TACT_") || name == "DATABASE_URL" || name == "PGPASSWORD" {
				t.Errorf("process %d has %s in its environment", pid, name)
			}
		}
		for name, v := range secrets {
			if strings.Contains(string(environ), v) {
				t.Errorf("process %d's environment holds the value of %s", pid, name)
			}
		}
	}
}

// TestServerRunsAsDedicatedUser: as root, the server runs as ServerUser (a
// system account with no login), never root or nobody; otherwise as us.
func TestServerRunsAsDedicatedUser(t *testing.T) {
	dataDir := reachableDir(t)
	srv := start(t, pgserver.Options{DataDir: dataDir})
	exec(t, srv.DSN(), `SELECT 1`)
	uid := processUID(t, postmasterPID(t, dataDir))
	if uid != serverUID(t) {
		t.Errorf("postmaster runs as uid %d, want %d", uid, serverUID(t))
	}
	if !isRoot() {
		return
	}
	u, err := user.LookupId(strconv.Itoa(int(uid)))
	if err != nil {
		t.Fatal(err)
	}
	if u.Username != pgserver.ServerUser || uid == 0 {
		t.Errorf("postmaster runs as %s (uid %d), want %s", u.Username, uid, pgserver.ServerUser)
	}
	if info, err := os.Lstat(filepath.Join(dataDir, "pg")); err != nil || ownerUID(info) != uid {
		t.Errorf("cluster directory: %v, %v; want it owned by uid %d", info, err, uid)
	}
}

func postmasterPID(t *testing.T, dataDir string) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dataDir, "pg", "postmaster.pid"))
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]))
	if err != nil {
		t.Fatal(err)
	}
	return pid
}

// processUID reads the real uid from /proc/<pid>/status.
func processUID(t *testing.T, pid int) uint32 {
	t.Helper()
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "Uid:"); ok {
			uid, err := strconv.ParseUint(strings.Fields(rest)[0], 10, 32)
			if err != nil {
				t.Fatal(err)
			}
			return uint32(uid)
		}
	}
	t.Fatalf("no Uid line in /proc/%d/status", pid)
	return 0
}
