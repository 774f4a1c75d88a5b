package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// The farewell wizard's state between steps, keyed by its modal's view id.

const (
	saveWizardQuery = `
INSERT INTO farewell_wizards (team_id, view_id, user_id, client_id, state)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (team_id, view_id) DO UPDATE
SET state = EXCLUDED.state, updated_at = now()
WHERE farewell_wizards.user_id = EXCLUDED.user_id`

	wizardQuery = `
SELECT team_id, view_id, user_id, client_id, state, updated_at
FROM farewell_wizards WHERE team_id = $1 AND view_id = $2`

	deleteWizardQuery = `DELETE FROM farewell_wizards WHERE team_id = $1 AND view_id = $2`

	pruneWizardsQuery = `DELETE FROM farewell_wizards WHERE updated_at < $1`
)

// FarewellWizard is an open wizard's state, keyed by its modal's view id.
// State is the wizard's own JSON.
type FarewellWizard struct {
	TeamID    string
	ViewID    string
	UserID    string
	ClientID  int64
	State     json.RawMessage
	UpdatedAt time.Time
}

// SaveFarewellWizard stores the wizard's state. A row held by another user
// is left alone and reported as ErrConflict.
func (db *DB) SaveFarewellWizard(ctx context.Context, w FarewellWizard) error {
	n, err := execRows(ctx, db.x, saveWizardQuery, w.TeamID, w.ViewID, w.UserID, w.ClientID, []byte(w.State))
	if err != nil {
		return fmt.Errorf("saving farewell wizard %s: %w", w.ViewID, err)
	}
	if n == 0 {
		return fmt.Errorf("saving farewell wizard %s: %w", w.ViewID, ErrConflict)
	}
	return nil
}

// FarewellWizard loads an open wizard; ErrNotFound when it was submitted,
// closed or pruned.
func (db *DB) FarewellWizard(ctx context.Context, teamID, viewID string) (FarewellWizard, error) {
	var row struct {
		TeamID    string    `db:"team_id"`
		ViewID    string    `db:"view_id"`
		UserID    string    `db:"user_id"`
		ClientID  int64     `db:"client_id"`
		State     []byte    `db:"state"`
		UpdatedAt time.Time `db:"updated_at"`
	}
	if err := db.x.GetContext(ctx, &row, wizardQuery, teamID, viewID); err != nil {
		return FarewellWizard{}, fmt.Errorf("loading farewell wizard %s: %w", viewID, MapError(err))
	}
	return FarewellWizard{
		TeamID: row.TeamID, ViewID: row.ViewID, UserID: row.UserID, ClientID: row.ClientID,
		State: row.State, UpdatedAt: row.UpdatedAt.UTC(),
	}, nil
}

// DeleteFarewellWizard forgets a wizard (closed without saving).
func (db *DB) DeleteFarewellWizard(ctx context.Context, teamID, viewID string) error {
	if _, err := execRows(ctx, db.x, deleteWizardQuery, teamID, viewID); err != nil {
		return fmt.Errorf("deleting farewell wizard %s: %w", viewID, err)
	}
	return nil
}

// PruneFarewellWizards deletes wizards untouched since olderThan, in every
// workspace, and returns how many went.
func (db *DB) PruneFarewellWizards(ctx context.Context, olderThan time.Time) (int64, error) {
	n, err := execRows(ctx, db.x, pruneWizardsQuery, olderThan)
	if err != nil {
		return 0, fmt.Errorf("pruning farewell wizards: %w", err)
	}
	return n, nil
}
