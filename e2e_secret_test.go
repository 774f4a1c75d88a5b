package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tact-bot/tact/bot/slacktest"
	"github.com/tact-bot/tact/storage/storagetest"
)

// Starts racing on an empty data directory all end up with the one secret
// the file holds, and leave no temporary file behind.
func TestSecretFileConcurrentFirstStartsAgree(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	const racers = 8
	got := make([][]byte, racers)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range racers {
		wg.Go(func() {
			<-start
			s, err := (&config{DataDir: dir}).secret()
			if err != nil {
				t.Error(err)
			}
			got[i] = s
		})
	}
	close(start)
	wg.Wait()
	file, err := os.ReadFile(filepath.Join(dir, "secret"))
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range got {
		if len(s) < 32 || string(s) != strings.TrimSpace(string(file)) {
			t.Fatalf("start %d got %q; the file holds %q", i, s, file)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("data directory holds %d entries; want only the secret", len(entries))
	}
}

// A damaged or unreadable secret file stops the bot before anything starts,
// with one line and exit 2, and is left as it was.
func TestSecretFileDamagedExitsTwoAndIsKept(t *testing.T) {
	srv := newSlack(t)
	cases := map[string]func(path string){
		"too short":  func(p string) { must(t, os.WriteFile(p, []byte("0123456789\n"), 0o600)) },
		"empty":      func(p string) { must(t, os.WriteFile(p, nil, 0o600)) },
		"unreadable": func(p string) { must(t, os.Mkdir(p, 0o700)) }, // tests run as root, so modes don't stop a read
	}
	for name, damage := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "secret")
			damage(path)
			before, _ := os.Stat(path)
			beforeBytes, _ := os.ReadFile(path)
			env := map[string]string{
				"SLACK_APP_TOKEN": appToken, "SLACK_BOT_TOKEN": botToken, "SLACK_API_URL": srv.APIURL(),
				"TACT_DATA_DIR": dir, "HTTP_ADDR": freeAddr(t),
			}
			var stderr bytes.Buffer
			err := run(context.Background(), nil, func(k string) string { return env[k] }, &stderr, &stderr, options{})
			code := exitCode(err, &stderr)
			out := strings.TrimSpace(stderr.String())
			if code != 2 || strings.Count(out, "\n") != 0 || !strings.Contains(out, path) || !strings.Contains(out, "never replaced") {
				t.Fatalf("exit %d, output %q; want 2 and one line about %s", code, out, path)
			}
			after, _ := os.Stat(path)
			afterBytes, _ := os.ReadFile(path)
			if !bytes.Equal(beforeBytes, afterBytes) || after.ModTime() != before.ModTime() || after.Mode() != before.Mode() {
				t.Errorf("the secret file was touched")
			}
			if fileExists(filepath.Join(dir, "pg")) {
				t.Errorf("the embedded database was started before the secret was checked")
			}
			if n := len(srv.Calls("auth.test")); n != 0 {
				t.Errorf("Slack was called %d times", n)
			}
		})
	}
}

// A second replica started with another TACT_SECRET than the database was
// first started with stops at once with one line and exit 2, while the
// first keeps running; the real binary is what an operator runs.
func TestSecretMismatchOnSecondReplicaExitsTwo(t *testing.T) {
	bin := buildTact(t)
	srv := newSlack(t)
	first := startBot(t, srv)
	connects := srv.ConnectCount()
	cmd := execTact(t, bin, srv, first.env["DATABASE_URL"], strings.Repeat("b", 40))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if cmd.ProcessState == nil || cmd.ProcessState.ExitCode() != 2 {
		t.Fatalf("second replica: %v; want exit 2\n%s", err, out.String())
	}
	lines := plainLines(out.String())
	if len(lines) != 1 || !strings.Contains(lines[0], "TACT_SECRET") || strings.Contains(lines[0], strings.Repeat("b", 40)) {
		t.Fatalf("second replica said %q; want one line naming TACT_SECRET (and not the secret)", lines)
	}
	if n := srv.ConnectCount() - connects; n != 0 {
		t.Errorf("the second replica connected %d times; it must not", n)
	}
	first.reply(first.command(member, "/tact", "help")) // the first one still serves
	// The same secret again is accepted: the check is a comparison, not a one-off.
	again := startBot(t, srv, withEnv("DATABASE_URL", first.env["DATABASE_URL"]), withEnv("TACT_SECRET", first.env["TACT_SECRET"]))
	again.reply(again.command(member, "/tact", "help"))
}

// Two first starts racing on an empty database with different secrets:
// exactly one serves, the other stops with exit 2.
func TestSecretConcurrentFirstStartsAgreeOnOne(t *testing.T) {
	srv := newSlack(t)
	url := storagetest.URL(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	type result struct {
		err error
		out string
	}
	results := make(chan result, 2)
	for _, secret := range []string{strings.Repeat("x", 40), strings.Repeat("y", 40)} {
		env := map[string]string{
			"SLACK_APP_TOKEN": appToken, "SLACK_BOT_TOKEN": botToken, "SLACK_API_URL": srv.APIURL(),
			"DATABASE_URL": url, "TACT_SECRET": secret, "TACT_DATA_DIR": t.TempDir(), "HTTP_ADDR": freeAddr(t),
			"DIGEST_SCHEDULE": "0 0 31 2 *",
		}
		go func() {
			logs := &syncBuffer{}
			err := run(ctx, nil, func(k string) string { return env[k] }, logs, logs, options{})
			results <- result{err, logs.tail(2000)}
		}()
	}
	var loser result
	select {
	case loser = <-results:
	case <-time.After(30 * time.Second):
		t.Fatal("neither start stopped: both secrets were accepted")
	}
	var ue usageError
	if !errors.As(loser.err, &ue) || !strings.Contains(loser.err.Error(), "TACT_SECRET") {
		t.Fatalf("the losing start ended with %v; want the one-line secret mismatch\n%s", loser.err, loser.out)
	}
	if err := srv.WaitConnections(1, 30*time.Second); err != nil {
		t.Fatalf("the winning start did not connect: %v", err)
	}
	cancel()
	if winner := <-results; winner.err != nil {
		t.Fatalf("the winning start ended with %v\n%s", winner.err, winner.out)
	}
}

// execTact is the real binary set up as a replica on dsn with secret.
func execTact(t *testing.T, bin string, srv *slacktest.Server, dsn, secret string) *exec.Cmd {
	cmd := exec.Command(bin)
	cmd.Dir = t.TempDir() // no .env from the checkout
	cmd.Env = append(os.Environ(),
		"SLACK_APP_TOKEN="+appToken, "SLACK_BOT_TOKEN="+botToken, "SLACK_API_URL="+srv.APIURL(),
		"DATABASE_URL="+dsn, "TACT_SECRET="+secret, "HTTP_ADDR="+freeAddr(t), "TACT_DATA_DIR="+t.TempDir(),
		"DIGEST_SCHEDULE=0 0 31 2 *")
	return cmd
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// plainLines are the output's lines that are not JSON log records.
func plainLines(out string) []string {
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if l != "" && !strings.HasPrefix(l, "{") {
			lines = append(lines, l)
		}
	}
	return lines
}
