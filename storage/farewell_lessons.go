package storage

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/lib/pq"

	"github.com/tact-bot/tact/farewell"
	"github.com/tact-bot/tact/ledger"
)

// What past partings teach: the lessons written down on a last day, and
// the incidents each parted client began with.

const (
	saveLessonsQuery = `
UPDATE farewell_decisions d SET lessons = $3
FROM clients c
WHERE d.team_id = $1 AND d.id = $2 AND d.path IN ('part_ways', 'soften') AND c.id = d.client_id
RETURNING c.name`

	// The latest decision per client that was to part ways, newest first,
	// with the categories logged in the client's first EarlyDays: from the
	// earliest of its creation, its first hours and its first incident.
	pastPartingsQuery = `
WITH partings AS (
    SELECT d.id, d.client_id, c.name, d.lessons, d.created_at,
           LEAST(c.created_at::date,
                 (SELECT min(worked_on) FROM time_entries t WHERE t.team_id = d.team_id AND t.client_id = d.client_id AND t.deleted_at IS NULL),
                 (SELECT min(occurred_on) FROM incidents i WHERE i.team_id = d.team_id AND i.client_id = d.client_id AND i.deleted_at IS NULL)) AS started
    FROM farewell_decisions d JOIN clients c ON c.id = d.client_id
    WHERE d.team_id = $1 AND d.path IN ('part_ways', 'soften')
      AND d.id = (SELECT max(x.id) FROM farewell_decisions x WHERE x.team_id = d.team_id AND x.client_id = d.client_id)
    ORDER BY d.created_at DESC, d.id DESC
    LIMIT $2
)
SELECT p.id, p.name, p.lessons,
       COALESCE(array_agg(DISTINCT i.category) FILTER (WHERE i.id IS NOT NULL), '{}') AS early
FROM partings p
LEFT JOIN incidents i ON i.team_id = $1 AND i.client_id = p.client_id AND i.deleted_at IS NULL
     AND i.occurred_on BETWEEN p.started AND p.started + $3::int
GROUP BY p.id, p.name, p.lessons, p.created_at
ORDER BY p.created_at DESC, p.id DESC`
)

// SaveLessons stores the lessons of a parting decision in a transaction
// claimed by d's key and returns the client's name; ErrNotFound when the
// decision is not a parting of the team.
func (db *DB) SaveLessons(ctx context.Context, d Delivery, decisionID int64, l farewell.Lessons) (string, error) {
	raw, err := json.Marshal(l.Clean())
	if err != nil {
		return "", fmt.Errorf("encoding lessons: %w", err)
	}
	var name string
	err = db.deliveryTx(ctx, d, func(tx *Tx) error {
		if err := tx.GetContext(ctx, &name, saveLessonsQuery, d.TeamID, decisionID, raw); err != nil {
			return fmt.Errorf("storing lessons: %w", MapError(err))
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("saving the lessons of decision %d: %w", decisionID, err)
	}
	return name, nil
}

// PastPartings returns the team's latest partings, newest first, at most
// limit: what each began with and the lessons written down.
func (db *DB) PastPartings(ctx context.Context, teamID string, limit int) ([]farewell.Parting, error) {
	var rows []struct {
		ID      int64          `db:"id"`
		Name    string         `db:"name"`
		Lessons []byte         `db:"lessons"`
		Early   pq.StringArray `db:"early"`
	}
	if err := db.x.SelectContext(ctx, &rows, pastPartingsQuery, teamID, limit, farewell.EarlyDays); err != nil {
		return nil, fmt.Errorf("reading past partings: %w", MapError(err))
	}
	out := make([]farewell.Parting, len(rows))
	for i, r := range rows {
		p := farewell.Parting{Client: r.Name}
		for _, c := range r.Early {
			p.Early = append(p.Early, ledger.Category(c))
		}
		if len(r.Lessons) > 0 {
			var l farewell.Lessons
			if err := json.Unmarshal(r.Lessons, &l); err == nil && !l.Empty() {
				p.Lesson = &l
			}
		}
		out[i] = p
	}
	return out, nil
}
