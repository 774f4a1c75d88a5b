package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tact-bot/tact/ledger"
)

// Boundaries under review: the client's figures before and after they
// were set, and keeping them for another stretch.

const (
	reviewFiguresQuery = `
SELECT
  (SELECT COALESCE(SUM(minutes), 0) FROM time_entries
   WHERE team_id = $1 AND client_id = $2 AND worked_on BETWEEN $3 AND $4 AND deleted_at IS NULL) AS minutes,
  (SELECT count(*) FROM incidents
   WHERE team_id = $1 AND client_id = $2 AND occurred_on BETWEEN $3 AND $4 AND deleted_at IS NULL
     AND category <> 'our-miss') AS incidents`

	keepBoundariesReminderQuery = `
UPDATE farewell_reminders SET due_on = $3, sent_at = NULL, delivered_at = NULL
WHERE team_id = $1 AND decision_id = $2 AND kind = 'boundaries_review'`

	keepBoundariesDecisionQuery = `
UPDATE farewell_decisions SET end_on = $3 WHERE team_id = $1 AND id = $2 AND path = 'boundaries'
RETURNING client_id`

	keepBoundariesClientQuery = `
UPDATE clients SET status_until = $3 WHERE team_id = $1 AND id = $2 AND status = 'boundaries'`
)

// BoundaryReview is a client's figures over the days since the boundaries
// were set and over as many days before.
type BoundaryReview struct {
	Since         time.Time // the day the boundaries were set
	Days          int       // the length of each stretch
	Before, After ReviewFigures
}

// ReviewFigures are one stretch's hours, incidents (our own misses left
// out) and the latest strain result by its end (nil without one).
type ReviewFigures struct {
	Minutes   int
	Incidents int
	Strain    *float64
}

// LoadBoundaryReview reads the review of a client whose boundaries were
// set at decidedAt, as of today (calendar days in the team's zone).
func (db *DB) LoadBoundaryReview(ctx context.Context, teamID string, clientID int64, decidedOn, today time.Time, loc *time.Location) (BoundaryReview, error) {
	since := ledger.Date(decidedOn)
	days := max(int(ledger.Date(today).Sub(since).Hours()/24), 1)
	r := BoundaryReview{Since: since, Days: days}
	var err error
	if r.Before, err = db.reviewFigures(ctx, teamID, clientID, since.AddDate(0, 0, -days), since.AddDate(0, 0, -1), loc); err != nil {
		return BoundaryReview{}, err
	}
	if r.After, err = db.reviewFigures(ctx, teamID, clientID, since, ledger.Date(today), loc); err != nil {
		return BoundaryReview{}, err
	}
	return r, nil
}

func (db *DB) reviewFigures(ctx context.Context, teamID string, clientID int64, from, to time.Time, loc *time.Location) (ReviewFigures, error) {
	var row struct {
		Minutes   int `db:"minutes"`
		Incidents int `db:"incidents"`
	}
	if err := db.x.GetContext(ctx, &row, reviewFiguresQuery, teamID, clientID, from, to); err != nil {
		return ReviewFigures{}, fmt.Errorf("reading the review figures of client %d: %w", clientID, MapError(err))
	}
	f := ReviewFigures{Minutes: row.Minutes, Incidents: row.Incidents}
	y, m, d := to.AddDate(0, 0, 1).Date()
	strain, err := db.LatestStrain(ctx, teamID, time.Date(y, m, d, 0, 0, 0, 0, loc))
	if err != nil {
		return ReviewFigures{}, err
	}
	if s, ok := strain[clientID]; ok {
		avg := s.Average
		f.Strain = &avg
	}
	return f, nil
}

// KeepBoundaries keeps a boundaries decision for another stretch, in one
// transaction claimed by d's key: its review moves to next, the client's
// status shows the new day. ErrNotFound when the decision is not a
// boundaries decision of the team.
func (db *DB) KeepBoundaries(ctx context.Context, d Delivery, decisionID int64, next time.Time) (clientID int64, err error) {
	day := ledger.Date(next)
	err = db.deliveryTx(ctx, d, func(tx *Tx) error {
		if err := tx.GetContext(ctx, &clientID, keepBoundariesDecisionQuery, d.TeamID, decisionID, day); err != nil {
			return fmt.Errorf("moving the review: %w", MapError(err))
		}
		if _, err := tx.ExecContext(ctx, keepBoundariesReminderQuery, d.TeamID, decisionID, day); err != nil {
			return fmt.Errorf("rescheduling the review: %w", MapError(err))
		}
		if _, err := tx.ExecContext(ctx, keepBoundariesClientQuery, d.TeamID, clientID, day); err != nil {
			return fmt.Errorf("updating the client's status: %w", MapError(err))
		}
		return tx.audit(ctx, d, Change{Action: AuditKeepBoundaries, ClientID: clientID,
			After: map[string]any{"until": day.Format(time.DateOnly)}})
	})
	if err != nil && !errors.Is(err, ErrAlreadyClaimed) {
		return 0, fmt.Errorf("keeping the boundaries of decision %d: %w", decisionID, err)
	}
	return clientID, err
}
