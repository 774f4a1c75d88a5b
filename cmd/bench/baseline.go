package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// baselineConns is how many connections the insert loop uses: as many as
// the bot's own pool (storage's maxOpenConns).
const baselineConns = 8

// baseline is the limit of this machine for a write per command: one-row
// INSERTs, each its own transaction, from baselineConns connections as fast
// as they go for d, on a throwaway database of the same server. It returns
// inserts per second.
func baseline(ctx context.Context, adminURL string, d time.Duration) (float64, error) {
	tmp, err := createDatabase(ctx, adminURL)
	if err != nil {
		return 0, err
	}
	defer tmp.drop()
	db, err := sql.Open("postgres", tmp.url)
	if err != nil {
		return 0, fmt.Errorf("connecting for the insert loop: %w", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(baselineConns)
	if _, err := db.ExecContext(ctx, `CREATE TABLE rows (id bigserial PRIMARY KEY, team_id text NOT NULL,
		minutes integer NOT NULL, at timestamptz NOT NULL DEFAULT now())`); err != nil {
		return 0, fmt.Errorf("creating the insert loop's table: %w", err)
	}
	var n atomic.Int64
	var first error
	var once sync.Once
	stop := time.Now().Add(d)
	var wg sync.WaitGroup
	for range baselineConns {
		wg.Go(func() {
			for time.Now().Before(stop) && ctx.Err() == nil {
				if _, err := db.ExecContext(ctx, `INSERT INTO rows (team_id, minutes) VALUES ($1, $2)`, "T0BENCH", 30); err != nil {
					once.Do(func() { first = err })
					return
				}
				n.Add(1)
			}
		})
	}
	wg.Wait()
	if first != nil {
		return 0, fmt.Errorf("the insert loop: %w", first)
	}
	if ctx.Err() != nil {
		return 0, errors.Join(errors.New("the insert loop was interrupted"), ctx.Err())
	}
	return float64(n.Load()) / d.Seconds(), nil
}
