package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"time"

	_ "github.com/lib/pq" // the "postgres" driver for the admin connection

	"github.com/tact-bot/tact/bot/slacktest"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/storage"
)

const (
	teamID         = slacktest.DefaultTeamID
	channelID      = "C0BENCH"
	benchUserCount = 50
)

// clientNames are the seeded clients; commands cycle through them.
func clientNames() []string {
	return []string{
		"Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vehement", "Massive", "Soylent",
		"Cyberdyne", "Tyrell", "Wayne", "Stark", "Wonka", "Gringotts", "Oscorp", "Pied",
		"Aperture", "Vandelay", "Dunder", "Prestige",
	}
}

func benchUser(i int) string { return fmt.Sprintf("U0BENCH%03d", i%benchUserCount) }

// benchTeam is the workspace of bench user i when there are teams of
// them: users are dealt out to the workspaces in turn.
func benchTeam(i, teams int) string {
	if teams <= 1 {
		return teamID
	}
	return fmt.Sprintf("T0BENCH%02d", i%benchUserCount%teams)
}

func benchUsers(teams int) map[string]slacktest.User {
	users := make(map[string]slacktest.User, benchUserCount)
	for i := range benchUserCount {
		id := benchUser(i)
		users[id] = slacktest.User{ID: id, TeamID: benchTeam(i, teams), Name: fmt.Sprintf("user%d", i), Locale: "en-US", TZ: "UTC"}
	}
	return users
}

// database is a throwaway database on the admin server.
type database struct {
	admin *sql.DB
	name  string
	url   string
}

// createDatabase makes an empty database named for this run.
func createDatabase(ctx context.Context, adminURL string) (*database, error) {
	u, err := url.Parse(adminURL)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return nil, fmt.Errorf("--db %q is not a postgres:// URL", adminURL)
	}
	admin, err := sql.Open("postgres", adminURL)
	if err != nil {
		return nil, fmt.Errorf("connecting to %s: %w", u.Redacted(), err)
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := admin.PingContext(ctx); err != nil {
		admin.Close()
		return nil, fmt.Errorf("PostgreSQL at %s does not answer (%w): start it, or pass --db", u.Redacted(), err)
	}
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	name := "tact_bench_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		return nil, fmt.Errorf("creating database %s: %w", name, err)
	}
	u.Path = "/" + name
	return &database{admin: admin, name: name, url: u.String()}, nil
}

// drop removes the database, ending any session still on it.
func (d *database) drop() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, _ = d.admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+d.name+" WITH (FORCE)")
	_ = d.admin.Close()
}

// seed migrates the database and loads the bench workspaces: clients,
// departments with rates, and every bench user with a default department,
// so each /hours command is complete and writes an entry.
func seed(ctx context.Context, dbURL string, teams int) error {
	db, err := storage.Open(ctx, dbURL, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return fmt.Errorf("migrating the bench database: %w", err)
	}
	from := ledger.DayIn(time.Now(), time.UTC).AddDate(0, -3, 0)
	w := storage.Workspace{
		Rates: []ledger.Rate{
			{Department: "support", PerHourMinor: 5000, From: from},
			{Department: "dev", PerHourMinor: 9000, From: from},
			{Department: "design", PerHourMinor: 7000, From: from},
		},
		People: map[string]string{},
	}
	for i, name := range clientNames() {
		w.Clients = append(w.Clients, storage.SeedClient{
			Name:      name,
			Revenue:   []ledger.Revenue{{AmountMinor: int64(100000 + 25000*i), Period: ledger.Month, From: from}},
			CreatedBy: benchUser(0),
		})
	}
	depts := []string{"support", "dev", "design"}
	byTeam := map[string]map[string]string{}
	for i := range benchUserCount {
		team := benchTeam(i, teams)
		if byTeam[team] == nil {
			byTeam[team] = map[string]string{}
		}
		byTeam[team][benchUser(i)] = depts[i%len(depts)]
	}
	for team, people := range byTeam {
		w.People = people
		if err := db.LoadWorkspace(ctx, team, w, true); err != nil {
			return fmt.Errorf("seeding the bench workspace %s: %w", team, err)
		}
	}
	return nil
}
