package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/tact-bot/tact/bot/slacktest"
)

// scenario is one load shape: a slash command sent at a fixed rate.
type scenario struct {
	name    string
	rate    int    // commands per second
	command string // e.g. "/hours"
	text    func(i int) string
	// modal: the visible answer is views.open (matched by trigger_id), not a
	// response_url post.
	modal bool
	// teams, above 1, runs the bot for many workspaces ("Add to Slack"),
	// each installed through OAuth before the run; users are dealt out to
	// them and commands come from all of them in turn.
	teams int
}

func scenarios() []scenario {
	names := clientNames()
	hours := func(i int) string { return names[i%len(names)] + " 30m" }
	show := func(i int) string { return "show " + names[i%len(names)] }
	return []scenario{
		{name: "hours-200", rate: 200, command: "/hours", text: hours},
		{name: "hours-1000", rate: 1000, command: "/hours", text: hours},
		{name: "hours-1000-10ws", rate: 1000, command: "/hours", text: hours, teams: 10},
		{name: "client-show-200", rate: 200, command: "/client", text: show},
		{name: "incident-50", rate: 50, command: "/incident", text: func(int) string { return "" }, modal: true},
	}
}

func scenarioNames() []string {
	var names []string
	for _, s := range scenarios() {
		names = append(names, s.name)
	}
	return names
}

func selectScenarios(only string) ([]scenario, error) {
	all := scenarios()
	if only == "" {
		return all, nil
	}
	var out []scenario
	for _, name := range strings.Split(only, ",") {
		name = strings.TrimSpace(name)
		i := slices.IndexFunc(all, func(s scenario) bool { return s.name == name })
		if i < 0 {
			return nil, fmt.Errorf("unknown scenario %q: pick from %s", name, strings.Join(scenarioNames(), ", "))
		}
		out = append(out, all[i])
	}
	return out, nil
}

// sent is one command as the generator sent it.
type sent struct {
	env  slacktest.Envelope
	user string
}

// drainTimeout is how long replies may trail the last command sent before
// the missing ones count as lost.
const drainTimeout = 15 * time.Second

// runScenario runs sc once against a fresh database and a fresh bot process.
func runScenario(ctx context.Context, f flags, bin string, sc scenario) (result, error) {
	db, err := createDatabase(ctx, f.db)
	if err != nil {
		return result{}, err
	}
	defer db.drop()
	if err := seed(ctx, db.url, sc.teams); err != nil {
		return result{}, err
	}
	srv, err := slacktest.New(slacktest.Options{AppToken: appToken, BotToken: botToken, Users: benchUsers(sc.teams),
		ClientID: oauthClientID, ClientSecret: oauthClientSecret})
	if err != nil {
		return result{}, fmt.Errorf("starting the Slack test server: %w", err)
	}
	defer srv.Close()
	dir, err := os.MkdirTemp("", "tact-bench-run-")
	if err != nil {
		return result{}, fmt.Errorf("creating a temp dir: %w", err)
	}
	defer os.RemoveAll(dir)
	addr, overHTTP := freeAddr(), f.transport == "http"
	if overHTTP {
		srv.SendOverHTTP("http://"+addr+"/slack/events", signingSecret)
	}
	p, err := startBot(ctx, bin, botEnv(srv, db.url, dir, addr, overHTTP, sc.teams, f.env), filepath.Join(dir, "bot.log"))
	if err != nil {
		return result{}, err
	}
	defer p.stop()
	if err := p.waitConnected(srv, addr, overHTTP, 30*time.Second); err != nil {
		return result{}, err
	}
	if err := installAll(srv, addr, sc.teams); err != nil {
		return result{}, fmt.Errorf("installing the workspaces: %w\nbot log ends with:\n%s", err, p.logTail(3000))
	}
	time.Sleep(time.Second) // let start-up garbage settle before calling it idle
	idle, _ := readMem(p.pid())

	if err := warmUp(srv, sc.teams); err != nil {
		return result{}, fmt.Errorf("warming up: %w\nbot log ends with:\n%s", err, p.logTail(3000))
	}
	cpu0, _ := cpuSeconds(p.pid())
	mon := monitor(p.pid())
	cmds, lag := generate(ctx, srv, sc, f.duration)
	err = waitAnswered(srv, sc, cmds, drainTimeout)
	cpu1, _ := cpuSeconds(p.pid())
	peak := mon.stop()
	if mem, err := readMem(p.pid()); err == nil {
		peak = max(peak, mem.hwm)
	}
	res := measure(srv, sc, cmds)
	res.GeneratorLagMS = ms(lag)
	res.RSSIdleMB = mb(idle.rss)
	res.RSSPeakMB = mb(peak)
	res.BotCPUSeconds = round2(cpu1 - cpu0)
	res.Panics = p.countLogLines("panicked")
	if err != nil && res.Lost == 0 {
		return result{}, err
	}
	if exited := p.exited(); exited != nil {
		return result{}, fmt.Errorf("the bot exited during the run: %v\nbot log ends with:\n%s", exited, p.logTail(3000))
	}
	return res, nil
}

// warmUp has every bench user ask for help once, as people of a running
// workspace would have: users.info answers are cached and the database
// pool has connections, so the run measures a bot in service, not one
// starting cold.
func warmUp(srv *slacktest.Server, teams int) error {
	var envs []slacktest.Envelope
	for i := range benchUserCount {
		env, err := srv.SendSlashCommand(slacktest.SlashCommand{TeamID: benchTeam(i, teams), UserID: benchUser(i), ChannelID: channelID, Command: "/tact", Text: "help"})
		if err != nil {
			return err
		}
		envs = append(envs, env)
	}
	for _, env := range envs {
		if _, err := srv.WaitCall(slacktest.MethodResponseURL, func(c slacktest.Call) bool {
			return strings.HasSuffix(env.ResponseURL, c.Path)
		}, 30*time.Second); err != nil {
			return err
		}
	}
	return nil
}

// generate sends sc.rate commands a second for d on an open loop: each
// command goes at its scheduled time whatever the bot answered, and a
// generator that falls behind catches up at once (the lag is reported).
func generate(ctx context.Context, srv *slacktest.Server, sc scenario, d time.Duration) ([]sent, time.Duration) {
	interval := time.Second / time.Duration(sc.rate)
	n := int(d / interval)
	cmds := make([]sent, 0, n)
	var lag time.Duration
	start := time.Now()
	for i := range n {
		due := start.Add(time.Duration(i) * interval)
		if wait := time.Until(due); wait > 0 {
			time.Sleep(wait)
		} else {
			lag = max(lag, -wait)
		}
		if ctx.Err() != nil {
			break
		}
		user := benchUser(i)
		env, err := srv.SendSlashCommand(slacktest.SlashCommand{TeamID: benchTeam(i, sc.teams), UserID: user, ChannelID: channelID, Command: sc.command, Text: sc.text(i)})
		if err != nil {
			break
		}
		cmds = append(cmds, sent{env: env, user: user})
	}
	return cmds, lag
}

// waitAnswered waits until every command has its ack and its visible answer,
// or the timeout passes.
func waitAnswered(srv *slacktest.Server, sc scenario, cmds []sent, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		res := measure(srv, sc, cmds)
		if res.Lost == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%d of %d commands still unanswered %s after the last was sent", res.Lost, len(cmds), timeout)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// memMonitor samples the bot's RSS while a run goes on.
type memMonitor struct {
	done chan struct{}
	wg   sync.WaitGroup
	peak uint64
}

func monitor(pid int) *memMonitor {
	m := &memMonitor{done: make(chan struct{})}
	m.wg.Go(func() {
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			if mem, err := readMem(pid); err == nil {
				m.peak = max(m.peak, mem.rss)
			}
			select {
			case <-m.done:
				return
			case <-tick.C:
			}
		}
	})
	return m
}

func (m *memMonitor) stop() uint64 {
	close(m.done)
	m.wg.Wait()
	return m.peak
}
