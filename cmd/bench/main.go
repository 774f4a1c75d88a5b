// Command bench measures the real tact binary under load: it builds it, runs
// it as a child process against the in-repo Slack test server and a fresh
// database on a real PostgreSQL, drives slash commands at a fixed rate and
// reports ack and reply latencies, lost and doubled commands, and the bot's
// own memory (RSS from /proc).
//
//	go run ./cmd/bench                  # every scenario, 10 s each
//	go run ./cmd/bench --repeat 3       # each scenario 3 times, medians
//	go run ./cmd/bench --only hours-1000 --duration 5s
//	go run ./cmd/bench --transport http # Slack reaching the bot over HTTP
//
// It prints one line of JSON (the medians of every scenario) and a table.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

// flags is the command line.
type flags struct {
	duration  time.Duration
	repeat    int
	db        string
	only      string
	binary    string
	env       multiFlag
	verbose   bool
	transport string
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

func parseFlags(args []string, stderr io.Writer) (flags, error) {
	var f flags
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.DurationVar(&f.duration, "duration", 10*time.Second, "how long each scenario sends commands")
	fs.IntVar(&f.repeat, "repeat", 1, "runs per scenario; the report shows medians")
	fs.StringVar(&f.db, "db", "", "PostgreSQL admin URL where a throwaway database is created and dropped\n"+
		"(default $TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable)")
	fs.StringVar(&f.only, "only", "", "comma-separated scenario names to run (default all: "+strings.Join(scenarioNames(), ", ")+")")
	fs.StringVar(&f.binary, "binary", "", "use this tact binary instead of building one (e.g. one built with pprof)")
	fs.Var(&f.env, "env", "KEY=VALUE for the bot's environment (repeatable), e.g. --env GOGC=50 --env WORKERS=64")
	fs.BoolVar(&f.verbose, "v", false, "print each run's figures as it finishes")
	fs.StringVar(&f.transport, "transport", "socket", "how the test Slack reaches the bot: socket (Socket Mode) or http (signed requests)")
	if err := fs.Parse(args); err != nil {
		return f, err
	}
	if fs.NArg() > 0 {
		return f, fmt.Errorf("unexpected argument %q: flags only, see --help", fs.Arg(0))
	}
	if f.transport != "socket" && f.transport != "http" {
		return f, fmt.Errorf("--transport %q: use socket or http", f.transport)
	}
	if f.repeat < 1 || f.duration < time.Second {
		return f, errors.New("--repeat must be at least 1 and --duration at least 1s")
	}
	for _, kv := range f.env {
		if k, _, ok := strings.Cut(kv, "="); !ok || k == "" {
			return f, fmt.Errorf("--env %q: use KEY=VALUE", kv)
		}
	}
	if f.db == "" {
		f.db = os.Getenv("TEST_DATABASE_URL")
	}
	if f.db == "" || f.db == "embedded" {
		f.db = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	}
	return f, nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	scenarios, err := selectScenarios(f.only)
	if err != nil {
		return err
	}
	bin := f.binary
	if bin == "" {
		dir, err := os.MkdirTemp("", "tact-bench-")
		if err != nil {
			return fmt.Errorf("creating a temp dir: %w", err)
		}
		defer os.RemoveAll(dir)
		fmt.Fprintln(stderr, "bench: building tact…")
		if bin, err = buildBot(ctx, dir); err != nil {
			return err
		}
	}
	fmt.Fprintf(stderr, "bench: bare PostgreSQL insert loop (%s, %d connections)…\n", f.duration, baselineConns)
	base, err := baseline(ctx, f.db, f.duration)
	if err != nil {
		return err
	}
	var results []summary
	for _, sc := range scenarios {
		var runs []result
		for i := range f.repeat {
			fmt.Fprintf(stderr, "bench: %s, run %d of %d (%s at %d/s)…\n", sc.name, i+1, f.repeat, f.duration, sc.rate)
			res, err := runScenario(ctx, f, bin, sc)
			if err != nil {
				return fmt.Errorf("%s: %w", sc.name, err)
			}
			if f.verbose {
				fmt.Fprintln(stderr, "bench:", res.line())
			}
			runs = append(runs, res)
		}
		sum := summarize(sc, runs)
		sum.against(f.duration, base)
		results = append(results, sum)
	}
	return report(stdout, f, base, results)
}
