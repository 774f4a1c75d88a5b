package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/tact-bot/tact/bot/slacktest"
)

const (
	appToken = "xapp-1-A0BENCH-bench-app-token"
	botToken = "xoxb-0000-bench-bot-token"
	// botSecret is TACT_SECRET for the throwaway bot: replicas need one with
	// DATABASE_URL, and nothing here is secret.
	botSecret = "bench-secret-0123456789abcdef0123456789abcdef"
	// signingSecret signs the test Slack's requests with --transport http.
	signingSecret = "bench-signing-secret-0123456789ab"
)

// buildBot compiles the module's main package (the real tact binary) into
// dir and returns its path.
func buildBot(ctx context.Context, dir string) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("finding the module: go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("run the bench from inside the tact module (go run ./cmd/bench)")
	}
	bin := filepath.Join(dir, "tact")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, ".")
	cmd.Dir = filepath.Dir(gomod)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %w\n%s", err, out)
	}
	return bin, nil
}

// botEnv is the bot's whole environment: only what it needs, plus the
// --env overrides and the Go runtime's own variables from ours. Over HTTP
// Slack reaches it with signed requests on httpAddr instead of the socket.
func botEnv(srv *slacktest.Server, dbURL, dir, httpAddr string, overHTTP bool, teams int, extra []string) []string {
	transport := "SLACK_APP_TOKEN=" + appToken
	if overHTTP {
		transport = "SLACK_SIGNING_SECRET=" + signingSecret
	}
	workspaces := []string{"SLACK_BOT_TOKEN=" + botToken}
	if teams > 1 {
		workspaces = []string{"SLACK_CLIENT_ID=" + oauthClientID, "SLACK_CLIENT_SECRET=" + oauthClientSecret,
			"SLACK_REDIRECT_URI=http://" + httpAddr + "/slack/oauth_redirect"}
	}
	env := []string{
		transport,
		"SLACK_API_URL=" + srv.APIURL(),
		"DATABASE_URL=" + dbURL,
		"TACT_SECRET=" + botSecret,
		"TACT_DATA_DIR=" + filepath.Join(dir, "data"),
		"HTTP_ADDR=" + httpAddr,
		"MANAGERS=" + benchUser(0),
		"LOG_LEVEL=warn",
		"TZ=UTC",
		"PATH=" + os.Getenv("PATH"),
	}
	env = append(env, workspaces...)
	for _, k := range []string{"GOGC", "GOMEMLIMIT", "GOMAXPROCS", "GODEBUG"} {
		if v, ok := os.LookupEnv(k); ok {
			env = append(env, k+"="+v)
		}
	}
	return append(env, extra...)
}

func freeAddr() string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "127.0.0.1:18080"
	}
	defer ln.Close()
	return ln.Addr().String()
}

// botProc is the running bot.
type botProc struct {
	cmd     *exec.Cmd
	logPath string
	done    chan struct{}
	err     error
}

func startBot(ctx context.Context, bin string, env []string, logPath string) (*botProc, error) {
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, fmt.Errorf("creating the bot's log: %w", err)
	}
	defer logFile.Close() // the child has its own descriptor
	cmd := exec.Command(bin)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", bin, err)
	}
	p := &botProc{cmd: cmd, logPath: logPath, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	go func() {
		select {
		case <-ctx.Done():
			p.stop()
		case <-p.done:
		}
	}()
	return p, nil
}

func (p *botProc) pid() int { return p.cmd.Process.Pid }

// exited is the exit error if the bot is gone, else nil.
func (p *botProc) exited() error {
	select {
	case <-p.done:
		if p.err == nil {
			return errors.New("exit status 0")
		}
		return p.err
	default:
		return nil
	}
}

// waitConnected waits for the socket, or over HTTP for /readyz on httpAddr.
func (p *botProc) waitConnected(srv *slacktest.Server, httpAddr string, overHTTP bool, timeout time.Duration) error {
	connected := make(chan error, 1)
	go func() {
		if overHTTP {
			connected <- waitReady(httpAddr, timeout)
			return
		}
		connected <- srv.WaitConnections(1, timeout)
	}()
	select {
	case err := <-connected:
		if err != nil {
			return fmt.Errorf("the bot did not connect: %w\nbot log ends with:\n%s", err, p.logTail(3000))
		}
		return nil
	case <-p.done:
		return fmt.Errorf("the bot exited at start (%v):\n%s", p.err, p.logTail(3000))
	}
}

// stop sends SIGTERM as a platform would, then kills after a grace period.
func (p *botProc) stop() {
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(20 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

func (p *botProc) logTail(n int) string {
	b, _ := os.ReadFile(p.logPath)
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}

func (p *botProc) countLogLines(substr string) int {
	b, _ := os.ReadFile(p.logPath)
	return bytes.Count(b, []byte(substr))
}

// mem is a process's resident memory in kB.
type mem struct{ rss, hwm uint64 }

// readMem reads VmRSS (now) and VmHWM (peak) from /proc/<pid>/status.
func readMem(pid int) (mem, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return mem{}, fmt.Errorf("reading the bot's memory: %w", err)
	}
	defer f.Close()
	var m mem
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		fields := strings.Fields(v)
		if len(fields) == 0 {
			continue
		}
		n, _ := strconv.ParseUint(fields[0], 10, 64)
		switch k {
		case "VmRSS":
			m.rss = n
		case "VmHWM":
			m.hwm = n
		}
	}
	return m, sc.Err()
}

// cpuSeconds is the process's user+system CPU time from /proc/<pid>/stat.
func cpuSeconds(pid int) (float64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// Fields after the command name, which is in parentheses and may hold spaces.
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 13 {
		return 0, errors.New("short /proc stat line")
	}
	utime, _ := strconv.ParseFloat(fields[11], 64)
	stime, _ := strconv.ParseFloat(fields[12], 64)
	const clockTicks = 100 // USER_HZ on Linux
	return round2((utime + stime) / clockTicks), nil
}

// waitReady polls the bot's /readyz until it answers 200.
func waitReady(addr string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("/readyz did not answer 200 within %s (last: %v)", timeout, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
