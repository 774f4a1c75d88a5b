package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/tact-bot/tact/digest"
)

// A workspace's own lines for the verdicts: what winning a typical client
// costs (/tact cac) and the lowest effective hourly rate it accepts
// (/tact floor). One row per workspace; NULL is unset.

const (
	settingsQuery = `
SELECT cac_minor, floor_minor FROM team_settings WHERE team_id = $1`

	// Each statement sets one figure and keeps the other.
	setWorkspaceCACQuery = `
INSERT INTO team_settings (team_id, cac_minor, updated_by) VALUES ($1, $2, $3)
ON CONFLICT (team_id) DO UPDATE SET cac_minor = EXCLUDED.cac_minor, updated_by = EXCLUDED.updated_by, updated_at = now()`

	setWorkspaceFloorQuery = `
INSERT INTO team_settings (team_id, floor_minor, updated_by) VALUES ($1, $2, $3)
ON CONFLICT (team_id) DO UPDATE SET floor_minor = EXCLUDED.floor_minor, updated_by = EXCLUDED.updated_by, updated_at = now()`
)

// Setting names one of a workspace's figures.
type Setting int

const (
	SettingCAC   Setting = iota // what winning a typical client costs
	SettingFloor                // the lowest effective hourly rate accepted
)

// String names the setting as the audit log does.
func (s Setting) String() string {
	if s == SettingFloor {
		return "floor"
	}
	return "cac"
}

type settingsRow struct {
	CAC   sql.NullInt64 `db:"cac_minor"`
	Floor sql.NullInt64 `db:"floor_minor"`
}

// Settings loads the workspace's figures; unset ones are 0.
func (c conn) Settings(ctx context.Context, teamID string) (digest.Settings, error) {
	var r settingsRow
	err := c.q.GetContext(ctx, &r, settingsQuery, teamID)
	if err != nil && !errors.Is(MapError(err), ErrNotFound) {
		return digest.Settings{}, fmt.Errorf("loading the workspace's settings: %w", MapError(err))
	}
	return digest.Settings{CACMinor: r.CAC.Int64, FloorMinor: r.Floor.Int64}, nil
}

// SetSetting sets one figure (0 clears it) in a transaction claimed by d's
// key and returns the value it replaced (0 when unset).
func (db *DB) SetSetting(ctx context.Context, d Delivery, which Setting, minor int64) (prev int64, err error) {
	query := setWorkspaceCACQuery
	if which == SettingFloor {
		query = setWorkspaceFloorQuery
	}
	var value any
	if minor > 0 {
		value = minor
	}
	err = db.deliveryTx(ctx, d, func(tx *Tx) error {
		before, err := tx.Settings(ctx, d.TeamID)
		if err != nil {
			return err
		}
		prev = before.CACMinor
		if which == SettingFloor {
			prev = before.FloorMinor
		}
		if _, err := tx.ExecContext(ctx, query, d.TeamID, value, d.UserID); err != nil {
			return fmt.Errorf("saving the setting: %w", MapError(err))
		}
		if err := tx.notifySettings(ctx, d.TeamID); err != nil {
			return err
		}
		return tx.audit(ctx, d, Change{Action: AuditSetting, Subject: which.String(),
			Before: map[string]any{"amount_minor": prev}, After: map[string]any{"amount_minor": minor}})
	})
	db.settings.forget(d.TeamID)
	if err != nil {
		return 0, fmt.Errorf("setting the workspace's figure: %w", err)
	}
	return prev, nil
}
