package storage

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lib/pq"

	"github.com/tact-bot/tact/settings"
)

// Each workspace's settings (and, with many workspaces, its install) are
// read by every command, button and job, so they are kept in memory, but
// only while this process LISTENs on settingsChannel: every change to
// team_settings or installations notifies in its own transaction, each replica drops that workspace's entry when the
// notification arrives, and drops everything when its listener had to
// reconnect (notifications may have been missed meanwhile). With no live
// listener nothing is cached and every read goes to the database.

const settingsChannel = "tact_settings"

// teamCache is one kind of per-workspace row kept under that rule (the
// settings, the installation).
type teamCache[T any] struct {
	mu      sync.Mutex
	live    bool
	gen     uint64 // bumped by every drop, so a read that raced one is not kept
	entries map[string]T
}

func newTeamCache[T any]() *teamCache[T] {
	return &teamCache[T]{entries: map[string]T{}}
}

func (c *teamCache[T]) get(teamID string) (s T, gen uint64, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok = c.entries[teamID]
	return s, c.gen, ok && c.live
}

// put keeps s unless the cache is off or something was dropped since gen.
func (c *teamCache[T]) put(teamID string, s T, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.live && c.gen == gen {
		c.entries[teamID] = s
	}
}

func (c *teamCache[T]) forget(teamID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	delete(c.entries, teamID)
}

func (c *teamCache[T]) reset(live bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.live = live
	clear(c.entries)
}

// ListenSettings keeps the settings cache in step with every replica's
// changes until ctx ends or the DB is closed, whichever is first: a
// caller that returns early on an error must not leave the listener's
// connection open behind it. Without it (or while its connection is
// down) settings are read from the database each time.
func (db *DB) ListenSettings(ctx context.Context) error {
	// The cache turns on only once LISTEN is in effect: lib/pq connects in
	// the background, and a Listen before that only queues the channel for
	// the connection to listen on.
	var listening atomic.Bool
	l := pq.NewListener(db.migrateDSN, time.Second, time.Minute, func(ev pq.ListenerEventType, err error) {
		switch ev {
		case pq.ListenerEventConnected:
			if listening.Load() {
				db.resetCaches(true)
			}
		case pq.ListenerEventDisconnected, pq.ListenerEventConnectionAttemptFailed:
			db.resetCaches(false)
			db.log.Warn("settings listener lost its connection; reading settings from the database", "err", err)
		}
	})
	if err := l.Listen(settingsChannel); err != nil {
		_ = l.Close()
		return fmt.Errorf("listening for settings changes: %w", MapError(err))
	}
	listening.Store(true)
	if l.Ping() == nil { // connected, so the LISTEN above has been run
		db.resetCaches(true)
	}
	go func() {
		defer l.Close()
		for {
			select {
			case <-ctx.Done():
				db.resetCaches(false)
				return
			case <-db.closing:
				return
			case n := <-l.Notify:
				if n == nil { // reconnected and listening again: anything may have changed
					db.resetCaches(true)
					continue
				}
				db.forgetTeam(n.Extra)
			}
		}
	}()
	return nil
}

func (db *DB) resetCaches(live bool) {
	db.settings.reset(live)
	db.installs.reset(live)
}

// forgetTeam drops what is kept of the workspace.
func (db *DB) forgetTeam(teamID string) {
	db.settings.forget(teamID)
	db.installs.forget(teamID)
}

// cachedSettings is StoredSettings through the cache.
func (db *DB) cachedSettings(ctx context.Context, teamID string) (settings.Stored, error) {
	s, gen, ok := db.settings.get(teamID)
	if ok {
		return s, nil
	}
	s, err := db.StoredSettings(ctx, teamID)
	if err != nil {
		return settings.Stored{}, err
	}
	db.settings.put(teamID, s, gen)
	return s, nil
}

// notifySettings tells every replica, at commit, that teamID's settings
// or installation changed.
func (tx *Tx) notifySettings(ctx context.Context, teamID string) error {
	if _, err := tx.ExecContext(ctx, `SELECT pg_notify($1, $2)`, settingsChannel, teamID); err != nil {
		return fmt.Errorf("announcing the settings change: %w", MapError(err))
	}
	return nil
}
