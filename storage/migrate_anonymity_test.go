package storage_test

import (
	"context"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/storage/storagetest"
)

// 00006 turns what earlier versions kept of closed polls and pulses into
// tallies, rewrites their comments keyless, and drops the delivery keys and
// envelope claims voters' clicks and submissions left; open polls keep
// their answers.
func TestMigrationAnonymityTurnsClosedAnswersIntoTallies(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	db, err := storage.Open(ctx, storagetest.EmptyURL(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	provider, err := goose.NewProvider(goose.DialectPostgres, db.X().DB, storage.Migrations(), goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := provider.UpTo(ctx, 5); err != nil {
		t.Fatal(err)
	}
	key := func(c byte) string {
		b := make([]byte, 64)
		for i := range b {
			b[i] = c
		}
		return string(b)
	}
	for _, q := range []string{
		`INSERT INTO clients (id, team_id, name, created_by) VALUES (1, 'T1', 'Acme', 'U0SEEDER')`,
		`INSERT INTO strain_polls (id, team_id, client_id, channel_id, lang, created_by, closes_at, closed_at, answers)
		 VALUES (1, 'T1', 1, 'C1', 'en', '', now(), now(), 3), (2, 'T1', 1, 'C1', 'en', '', now(), now(), 2),
		        (3, 'T1', 1, 'C1', 'en', 'U0CREATOR', now() + interval '1 day', NULL, NULL)`,
		`INSERT INTO strain_votes (team_id, poll_id, voter_key, score) VALUES
		 ('T1', 1, '` + key('a') + `', 5), ('T1', 1, '` + key('b') + `', 5), ('T1', 1, '` + key('c') + `', 2),
		 ('T1', 3, '` + key('d') + `', 4)`,
		`INSERT INTO strain_comments (team_id, poll_id, body) VALUES ('T1', 1, 'kept'), ('T1', 3, 'open')`,
		`INSERT INTO strain_pulses (id, team_id, period, channel_id, lang, closes_at, closed_at) VALUES (1, 'T1', '2026-11', 'C1', 'en', now(), now())`,
		`INSERT INTO strain_pulse_answers (team_id, pulse_id, client_id, voter_key, score) VALUES
		 ('T1', 1, 1, '` + key('e') + `', 1), ('T1', 1, 1, '` + key('f') + `', 3), ('T1', 1, 1, '` + key('g') + `', 3)`,
		`INSERT INTO delivery_keys (team_id, key) VALUES ('T1', 'action:1.2.3:strain.vote.0123456789abcdef'),
		 ('T1', 'view:V1:h1'), ('T1', 'command:1.2.4')`,
		`INSERT INTO envelope_claims (team_id, key) VALUES ('T1', 'action:1.2.3:strain.vote.0123456789abcdef')`,
	} {
		if _, err := db.X().ExecContext(ctx, q); err != nil {
			t.Fatalf("%v\n%s", err, q)
		}
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	count := func(q string) int {
		var n int
		if err := db.X().GetContext(ctx, &n, q); err != nil {
			t.Fatal(err)
		}
		return n
	}
	var tallies []string
	if err := db.X().SelectContext(ctx, &tallies, `SELECT COALESCE(tally::text, '-') FROM strain_polls ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	if len(tallies) != 3 || tallies[0] != "{0,1,0,0,2}" || tallies[1] != "-" || tallies[2] != "-" {
		t.Errorf("poll tallies %v", tallies)
	}
	var pulse string
	_ = db.X().GetContext(ctx, &pulse, `SELECT tally::text FROM strain_pulse_tallies WHERE pulse_id = 1 AND client_id = 1`)
	if pulse != "{1,0,2,0,0}" {
		t.Errorf("pulse tally %q", pulse)
	}
	for q, want := range map[string]int{
		`SELECT count(*) FROM strain_votes WHERE poll_id = 1`:                      0,
		`SELECT count(*) FROM strain_votes WHERE poll_id = 3`:                      1, // open: kept
		`SELECT count(*) FROM strain_comments WHERE poll_id = 1`:                   1,
		`SELECT count(*) FROM strain_comments WHERE poll_id = 3`:                   1,
		`SELECT count(*) FROM strain_pulse_answers`:                                0,
		`SELECT count(*) FROM delivery_keys`:                                       1, // the command's
		`SELECT count(*) FROM envelope_claims`:                                     0,
		`SELECT count(*) FROM strain_comments WHERE voter_key IS NOT NULL`:         0,
		`SELECT count(*) FROM delivery_keys WHERE key = 'command:1.2.4'`:           1,
		`SELECT count(DISTINCT xmin::text) FROM strain_comments WHERE poll_id = 1`: 1,
	} {
		if got := count(q); got != want {
			t.Errorf("%s = %d, want %d", q, got, want)
		}
	}
	// The closed poll's comment was rewritten by the migration, not kept
	// from the voter's transaction.
	if count(`SELECT count(*) FROM strain_comments c, strain_polls p WHERE p.id = 1 AND c.poll_id = 1 AND c.xmin = p.xmin`) != 1 {
		t.Error("the closed poll's comment was not rewritten with its tally")
	}
}
