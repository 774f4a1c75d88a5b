package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tact-bot/tact/ledger"
)

// Clients: registering them, their revenue history, acquisition cost and
// status. Every write claims its delivery key first, in the same
// transaction, so a redelivered command changes nothing twice.

const (
	// Adds are serialised per workspace so the name check below cannot race;
	// the unique index on lower(name) backs it up.
	lockClientNamesQuery = `SELECT pg_advisory_xact_lock(hashtextextended('clients:' || $1, 0))`

	clientNamesQuery = `SELECT id, name FROM clients WHERE team_id = $1`

	insertClientQuery = `
INSERT INTO clients (team_id, name, created_by) VALUES ($1, $2, $3)
RETURNING id, team_id, name, status, COALESCE(cac_minor, 0) AS cac_minor, created_by, created_at`

	lockClientQuery = `SELECT id FROM clients WHERE team_id = $1 AND id = $2 FOR UPDATE`

	clientRevenueQuery = `
SELECT amount_minor, period, effective_from FROM client_revenue
WHERE team_id = $1 AND client_id = $2
ORDER BY effective_from, id`

	// One value per day: a second change the same day replaces the first.
	deleteSameDayRevenueQuery = `
DELETE FROM client_revenue WHERE team_id = $1 AND client_id = $2 AND effective_from = $3`

	insertRevenueQuery = `
INSERT INTO client_revenue (team_id, client_id, amount_minor, period, effective_from, set_by)
VALUES ($1, $2, $3, $4, $5, $6)`

	setCACQuery = `
WITH old AS (SELECT id, cac_minor FROM clients WHERE team_id = $1 AND id = $2 FOR UPDATE)
UPDATE clients c SET cac_minor = $3 FROM old WHERE c.id = old.id
RETURNING old.cac_minor`

	setStatusQuery = `
WITH old AS (SELECT id, status FROM clients WHERE team_id = $1 AND id = $2 AND erased_at IS NULL FOR UPDATE)
UPDATE clients c SET status = $3, status_until = $4 FROM old WHERE c.id = old.id
RETURNING old.status`

	clientErasedQuery = `SELECT erased_at IS NOT NULL FROM clients WHERE team_id = $1 AND id = $2`
)

// AddClient registers a client under a name already checked with
// ledger.ValidateClientName. A name that is the same as an existing one
// (ledger.SameName: ignoring case, ё/е and punctuation) fails with
// ErrConflict; check ErrAlreadyClaimed first, which is an ErrConflict too.
func (db *DB) AddClient(ctx context.Context, d Delivery, name string) (ledger.Client, error) {
	var added ledger.Client
	err := db.deliveryTx(ctx, d, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, lockClientNamesQuery, d.TeamID); err != nil {
			return fmt.Errorf("locking client names: %w", MapError(err))
		}
		var existing []struct {
			ID   int64  `db:"id"`
			Name string `db:"name"`
		}
		if err := tx.SelectContext(ctx, &existing, clientNamesQuery, d.TeamID); err != nil {
			return fmt.Errorf("reading client names: %w", MapError(err))
		}
		for _, c := range existing {
			if ledger.SameName(c.Name, name) {
				return fmt.Errorf("client %q is already %q: %w", name, c.Name, ErrConflict)
			}
		}
		var row clientRow
		if err := tx.GetContext(ctx, &row, insertClientQuery, d.TeamID, name, d.UserID); err != nil {
			return fmt.Errorf("inserting client: %w", MapError(err))
		}
		added = row.client()
		return tx.audit(ctx, d, Change{Action: AuditClientAdd, ClientID: added.ID})
	})
	if err != nil {
		return ledger.Client{}, fmt.Errorf("adding client %q: %w", name, err)
	}
	return added, nil
}

type revenueRow struct {
	AmountMinor int64     `db:"amount_minor"`
	Period      string    `db:"period"`
	From        time.Time `db:"effective_from"`
}

func (r revenueRow) revenue() ledger.Revenue {
	return ledger.Revenue{AmountMinor: r.AmountMinor, Period: ledger.Period(r.Period), From: ledger.Date(r.From)}
}

// SetRevenue records the client's recurring revenue from rev.From on (today
// in the team's zone, as the caller reads it) and returns the revenue that
// was in force that day before, if any. Another change the same day
// replaces this one: the latest wins.
func (db *DB) SetRevenue(ctx context.Context, d Delivery, clientID int64, rev ledger.Revenue) (prev ledger.Revenue, hadPrev bool, err error) {
	day := ledger.Date(rev.From)
	err = db.deliveryTx(ctx, d, func(tx *Tx) error {
		if err := lockClient(ctx, tx, d.TeamID, clientID); err != nil {
			return err
		}
		history, err := tx.RevenueHistory(ctx, d.TeamID, clientID)
		if err != nil {
			return err
		}
		prev, hadPrev = ledger.RevenueOn(history, day)
		if _, err := tx.ExecContext(ctx, deleteSameDayRevenueQuery, d.TeamID, clientID, day); err != nil {
			return fmt.Errorf("replacing the day's revenue: %w", MapError(err))
		}
		if _, err := tx.ExecContext(ctx, insertRevenueQuery, d.TeamID, clientID, rev.AmountMinor, string(rev.Period), day, d.UserID); err != nil {
			return fmt.Errorf("inserting revenue: %w", MapError(err))
		}
		c := Change{Action: AuditRevenue, ClientID: clientID,
			After: map[string]any{"amount_minor": rev.AmountMinor, "period": string(rev.Period), "from": day.Format(time.DateOnly)}}
		if hadPrev {
			c.Before = map[string]any{"amount_minor": prev.AmountMinor, "period": string(prev.Period)}
		}
		return tx.audit(ctx, d, c)
	})
	if err != nil {
		return ledger.Revenue{}, false, fmt.Errorf("setting revenue of client %d: %w", clientID, err)
	}
	return prev, hadPrev, nil
}

// RevenueHistory returns every revenue the client has had, oldest first,
// one per day, as ledger.RevenueOn expects.
func (c conn) RevenueHistory(ctx context.Context, teamID string, clientID int64) ([]ledger.Revenue, error) {
	var rows []revenueRow
	if err := c.q.SelectContext(ctx, &rows, clientRevenueQuery, teamID, clientID); err != nil {
		return nil, fmt.Errorf("loading revenue of client %d: %w", clientID, MapError(err))
	}
	out := make([]ledger.Revenue, len(rows))
	for i, r := range rows {
		out[i] = r.revenue()
	}
	return out, nil
}

// SetCAC records what it cost to win the client and returns the previous
// value; hadPrev is false when none was set.
func (db *DB) SetCAC(ctx context.Context, d Delivery, clientID, cacMinor int64) (prev int64, hadPrev bool, err error) {
	err = db.deliveryTx(ctx, d, func(tx *Tx) error {
		var old *int64
		if err := tx.GetContext(ctx, &old, setCACQuery, d.TeamID, clientID, cacMinor); err != nil {
			return fmt.Errorf("updating acquisition cost: %w", MapError(err))
		}
		c := Change{Action: AuditCAC, ClientID: clientID, After: map[string]any{"amount_minor": cacMinor}}
		if old != nil {
			prev, hadPrev = *old, true
			c.Before = map[string]any{"amount_minor": prev}
		}
		return tx.audit(ctx, d, c)
	})
	if err != nil {
		return 0, false, fmt.Errorf("setting acquisition cost of client %d: %w", clientID, err)
	}
	return prev, hadPrev, nil
}

// SetStatus moves the client to status, with until as the end date while
// parting (zero clears it), and returns the status it had.
func (db *DB) SetStatus(ctx context.Context, d Delivery, clientID int64, status ledger.Status, until time.Time) (ledger.Status, error) {
	if !status.Valid() {
		return "", fmt.Errorf("setting status of client %d: unknown status %q", clientID, status)
	}
	var untilArg any
	if !until.IsZero() {
		untilArg = ledger.Date(until)
	}
	var prev string
	err := db.deliveryTx(ctx, d, func(tx *Tx) error {
		if err := tx.GetContext(ctx, &prev, setStatusQuery, d.TeamID, clientID, string(status), untilArg); err != nil {
			var erased bool
			if errors.Is(MapError(err), ErrNotFound) && tx.GetContext(ctx, &erased, clientErasedQuery, d.TeamID, clientID) == nil && erased {
				return ErrErased // an erased client stays archived
			}
			return fmt.Errorf("updating status: %w", MapError(err))
		}
		return tx.audit(ctx, d, Change{Action: AuditStatus, ClientID: clientID,
			Before: map[string]any{"status": prev}, After: statusValues(status, until)})
	})
	if err != nil {
		return "", fmt.Errorf("setting status of client %d: %w", clientID, err)
	}
	return ledger.Status(prev), nil
}

func lockClient(ctx context.Context, tx *Tx, teamID string, clientID int64) error {
	var id int64
	if err := tx.GetContext(ctx, &id, lockClientQuery, teamID, clientID); err != nil {
		return fmt.Errorf("locking client %d: %w", clientID, MapError(err))
	}
	return nil
}

// statusValues is a status and its end day, as the audit log keeps them.
func statusValues(status ledger.Status, until time.Time) map[string]any {
	v := map[string]any{"status": string(status)}
	if !until.IsZero() {
		v["until"] = ledger.Date(until).Format(time.DateOnly)
	}
	return v
}
