package storage

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Installation: Slack tells when a workspace uninstalls the app or revokes
// its tokens; from then its jobs post nothing, and once the retention has
// passed its data is erased. Starting with a working token, or any request
// from the workspace, means it is installed again.

// AuditUninstall is the audit action of an uninstall.
const AuditUninstall = "uninstall"

const (
	markUninstalledQuery = `
INSERT INTO workspace_installs (team_id, uninstalled_at) VALUES ($1, now())
ON CONFLICT (team_id) DO UPDATE SET uninstalled_at = COALESCE(workspace_installs.uninstalled_at, now()), updated_at = now()`

	markInstalledQuery = `
UPDATE workspace_installs SET uninstalled_at = NULL, updated_at = now() WHERE team_id = $1 AND uninstalled_at IS NOT NULL`

	uninstalledAtQuery = `SELECT uninstalled_at FROM workspace_installs WHERE team_id = $1 AND uninstalled_at IS NOT NULL`
)

// purgeQueries erase everything a workspace stored but the audit log
// (append-only, naming no client) and the jobs' claims (names of jobs and
// days, which keep the erasing job itself exactly-once).
func purgeQueries() []string {
	tables := []string{"clients", "departments", "people", "team_settings", "imports", "import_choices", "import_mappings",
		"strain_pulses", "digest_posts", "delivery_keys", "envelope_claims", "installations"}
	out := make([]string, len(tables))
	for i, t := range tables {
		out[i] = "DELETE FROM " + t + " WHERE team_id = $1"
	}
	return out
}

// MarkUninstalled records that the workspace uninstalled the app.
func (db *DB) MarkUninstalled(ctx context.Context, d Delivery) error {
	err := db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, markUninstalledQuery, d.TeamID); err != nil {
			return MapError(err)
		}
		// The tokens go at once (many-workspace mode); the data waits.
		if _, err := tx.ExecContext(ctx, `DELETE FROM installations WHERE team_id = $1`, d.TeamID); err != nil {
			return MapError(err)
		}
		if err := tx.notifySettings(ctx, d.TeamID); err != nil {
			return err
		}
		return tx.audit(ctx, d, Change{Action: AuditUninstall})
	})
	db.forgetTeam(d.TeamID)
	if err != nil {
		return fmt.Errorf("recording the uninstall of %s: %w", d.TeamID, err)
	}
	return nil
}

// MarkInstalled records that the workspace has the app (again).
func (db *DB) MarkInstalled(ctx context.Context, teamID string) error {
	if _, err := db.x.ExecContext(ctx, markInstalledQuery, teamID); err != nil {
		return fmt.Errorf("recording the install of %s: %w", teamID, MapError(err))
	}
	return nil
}

// UninstalledSince is when the workspace uninstalled the app; ok is false
// while it is installed.
func (db *DB) UninstalledSince(ctx context.Context, teamID string) (at time.Time, ok bool, err error) {
	err = db.x.GetContext(ctx, &at, uninstalledAtQuery, teamID)
	if err = MapError(err); errors.Is(err, ErrNotFound) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, fmt.Errorf("reading the install of %s: %w", teamID, err)
	}
	return at, true, nil
}

// PurgeWorkspace erases everything the workspace stored, but the audit
// log; the uninstall stays recorded.
func (db *DB) PurgeWorkspace(ctx context.Context, teamID string) error {
	err := db.inTx(ctx, func(tx *Tx) error {
		for _, q := range purgeQueries() {
			if _, err := tx.ExecContext(ctx, q, teamID); err != nil {
				return fmt.Errorf("%s: %w", q, MapError(err))
			}
		}
		if err := tx.notifySettings(ctx, teamID); err != nil {
			return err
		}
		return tx.audit(ctx, Delivery{TeamID: teamID, UserID: SystemActor}, Change{Action: "purge"})
	})
	db.forgetTeam(teamID)
	if err != nil {
		return fmt.Errorf("erasing the data of %s: %w", teamID, err)
	}
	return nil
}
