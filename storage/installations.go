package storage

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/tact-bot/tact/vault"
)

// Installations keeps the workspaces that installed the app through "Add
// to Slack": their tokens are sealed by Keys before they reach the
// database, and opened only here.
type Installations struct {
	DB   *DB
	Keys *vault.Keyring
}

// Installation is one workspace's install, its tokens in clear.
type Installation struct {
	TeamID, EnterpriseID, TeamName string
	AppID, BotUserID, Scope        string
	InstallerID                    string
	BotToken                       string
	// RefreshToken and ExpiresAt are set when the app rotates tokens.
	RefreshToken string
	ExpiresAt    time.Time
}

// Rotates reports whether the access token expires and must be refreshed.
func (in Installation) Rotates() bool { return in.RefreshToken != "" }

// installRow is an installation as stored: tokens sealed.
type installRow struct {
	TeamID       string       `db:"team_id"`
	EnterpriseID string       `db:"enterprise_id"`
	TeamName     string       `db:"team_name"`
	AppID        string       `db:"app_id"`
	BotUserID    string       `db:"bot_user_id"`
	Scope        string       `db:"scope"`
	InstallerID  string       `db:"installer_id"`
	BotToken     []byte       `db:"bot_token"`
	RefreshToken []byte       `db:"refresh_token"`
	ExpiresAt    sql.NullTime `db:"expires_at"`
}

const (
	installColumns = `team_id, enterprise_id, team_name, app_id, bot_user_id, scope, installer_id, bot_token, refresh_token, expires_at`

	saveInstallQuery = `
INSERT INTO installations (` + installColumns + `)
VALUES (:team_id, :enterprise_id, :team_name, :app_id, :bot_user_id, :scope, :installer_id, :bot_token, :refresh_token, :expires_at)
ON CONFLICT (team_id) DO UPDATE SET enterprise_id = EXCLUDED.enterprise_id, team_name = EXCLUDED.team_name,
    app_id = EXCLUDED.app_id, bot_user_id = EXCLUDED.bot_user_id, scope = EXCLUDED.scope,
    installer_id = EXCLUDED.installer_id, bot_token = EXCLUDED.bot_token, refresh_token = EXCLUDED.refresh_token,
    expires_at = EXCLUDED.expires_at, installed_at = now(), updated_at = now()`

	// Whoever installs becomes the first manager of a workspace that has none.
	firstManagerQuery = `
INSERT INTO team_settings (team_id, managers, updated_by) VALUES ($1, ARRAY[$2], $2)
ON CONFLICT (team_id) DO UPDATE SET managers = EXCLUDED.managers, updated_by = EXCLUDED.updated_by, updated_at = now()
WHERE team_settings.managers IS NULL`

	getInstallQuery  = `SELECT ` + installColumns + ` FROM installations WHERE team_id = $1`
	lockInstallQuery = getInstallQuery + ` FOR UPDATE`
	// Removed workspaces stay until the retention has erased their data.
	installedTeamsQuery = `
SELECT team_id FROM installations
UNION SELECT team_id FROM workspace_installs WHERE uninstalled_at IS NOT NULL
ORDER BY team_id`
	allInstallsQuery = `SELECT ` + installColumns + ` FROM installations ORDER BY team_id`
	expiringQuery    = `SELECT team_id FROM installations WHERE expires_at < $1 ORDER BY expires_at`

	rotateTokensQuery = `
UPDATE installations SET bot_token = $2, refresh_token = $3, expires_at = $4, updated_at = now() WHERE team_id = $1`
	resealQuery = `UPDATE installations SET bot_token = $2, refresh_token = $3 WHERE team_id = $1`

	// The refresh of one workspace's token runs on one replica at a time.
	refreshLockQuery = `SELECT pg_try_advisory_xact_lock(hashtextextended('token refresh:' || $1, 0))`

	saveStateQuery    = `INSERT INTO oauth_states (state_hash) VALUES ($1)`
	consumeStateQuery = `DELETE FROM oauth_states WHERE state_hash = $1 RETURNING created_at > now() - make_interval(secs => $2)`
	pruneStatesQuery  = `DELETE FROM oauth_states WHERE created_at < now() - interval '1 day'`
)

func (s Installations) seal(in Installation) installRow {
	row := installRow{
		TeamID: in.TeamID, EnterpriseID: in.EnterpriseID, TeamName: in.TeamName, AppID: in.AppID,
		BotUserID: in.BotUserID, Scope: in.Scope, InstallerID: in.InstallerID,
		BotToken: s.Keys.Seal(in.BotToken, in.TeamID),
	}
	if in.Rotates() {
		row.RefreshToken = s.Keys.Seal(in.RefreshToken, in.TeamID)
		row.ExpiresAt = sql.NullTime{Time: in.ExpiresAt, Valid: true}
	}
	return row
}

func (s Installations) open(row installRow) (Installation, error) {
	in := Installation{
		TeamID: row.TeamID, EnterpriseID: row.EnterpriseID, TeamName: row.TeamName, AppID: row.AppID,
		BotUserID: row.BotUserID, Scope: row.Scope, InstallerID: row.InstallerID, ExpiresAt: row.ExpiresAt.Time,
	}
	var err error
	if in.BotToken, err = s.Keys.Open(row.BotToken, row.TeamID); err != nil {
		return Installation{}, fmt.Errorf("opening the bot token of %s: %w", row.TeamID, err)
	}
	if row.RefreshToken != nil {
		if in.RefreshToken, err = s.Keys.Open(row.RefreshToken, row.TeamID); err != nil {
			return Installation{}, fmt.Errorf("opening the refresh token of %s: %w", row.TeamID, err)
		}
	}
	return in, nil
}

// Save stores an install (a new one, or the workspace installing again)
// and marks the workspace installed, so its jobs run. Whoever installed
// becomes the workspace's manager if it has none yet.
func (s Installations) Save(ctx context.Context, in Installation) error {
	row := s.seal(in)
	err := s.DB.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.NamedExecContext(ctx, saveInstallQuery, row); err != nil {
			return MapError(err)
		}
		if _, err := tx.ExecContext(ctx, markInstalledQuery, in.TeamID); err != nil {
			return MapError(err)
		}
		if _, err := tx.ExecContext(ctx, firstManagerQuery, in.TeamID, in.InstallerID); err != nil {
			return MapError(err)
		}
		if err := tx.audit(ctx, Delivery{TeamID: in.TeamID, UserID: in.InstallerID}, Change{Action: AuditInstall}); err != nil {
			return err
		}
		return tx.notifySettings(ctx, in.TeamID)
	})
	s.DB.forgetTeam(in.TeamID)
	if err != nil {
		return fmt.Errorf("storing the install of %s: %w", in.TeamID, err)
	}
	return nil
}

// AuditInstall is the audit action of an install through "Add to Slack".
const AuditInstall = "install"

// Get is the workspace's install; ErrNotFound when it has none. Kept in
// memory while the settings listener runs (every change notifies).
func (s Installations) Get(ctx context.Context, teamID string) (Installation, error) {
	row, gen, ok := s.DB.installs.get(teamID)
	if !ok {
		if err := s.DB.x.GetContext(ctx, &row, getInstallQuery, teamID); err != nil {
			return Installation{}, fmt.Errorf("reading the install of %s: %w", teamID, MapError(err))
		}
		s.DB.installs.put(teamID, row, gen)
	}
	return s.open(row)
}

// Teams lists the workspaces whose jobs run: the installed ones, and the
// removed ones whose data waits for the retention.
func (s Installations) Teams(ctx context.Context) ([]string, error) {
	var teams []string
	if err := s.DB.x.SelectContext(ctx, &teams, installedTeamsQuery); err != nil {
		return nil, fmt.Errorf("listing installed workspaces: %w", MapError(err))
	}
	return teams, nil
}

// Expiring lists the workspaces whose access token expires before t.
func (s Installations) Expiring(ctx context.Context, t time.Time) ([]string, error) {
	var teams []string
	if err := s.DB.x.SelectContext(ctx, &teams, expiringQuery, t); err != nil {
		return nil, fmt.Errorf("listing expiring tokens: %w", MapError(err))
	}
	return teams, nil
}

// Tokens is a refreshed access token and the refresh token that replaces
// the one used.
type Tokens struct {
	BotToken, RefreshToken string
	ExpiresAt              time.Time
}

// ErrRefreshBusy is a refresh another replica is doing right now.
var ErrRefreshBusy = errors.New("another replica is refreshing this token")

// Refresh replaces the workspace's tokens with what refresh returns, if
// they still expire before due, under a lock that lets one replica at a
// time refresh them. The new tokens are committed in the same
// transaction, before the lock is released, so no replica ever uses the
// spent refresh token again. done is false when nothing needed doing.
func (s Installations) Refresh(ctx context.Context, teamID string, due time.Time, refresh func(ctx context.Context, refreshToken string) (Tokens, error)) (done bool, err error) {
	err = s.DB.inTx(ctx, func(tx *Tx) error {
		var locked bool
		if err := tx.GetContext(ctx, &locked, refreshLockQuery, teamID); err != nil {
			return MapError(err)
		}
		if !locked {
			return ErrRefreshBusy
		}
		var row installRow
		if err := tx.GetContext(ctx, &row, lockInstallQuery, teamID); err != nil {
			return MapError(err)
		}
		if row.RefreshToken == nil || !row.ExpiresAt.Time.Before(due) {
			return nil // refreshed meanwhile, by another replica
		}
		in, err := s.open(row)
		if err != nil {
			return err
		}
		next, err := refresh(ctx, in.RefreshToken)
		if err != nil {
			return err
		}
		in.BotToken, in.RefreshToken, in.ExpiresAt = next.BotToken, next.RefreshToken, next.ExpiresAt
		sealed := s.seal(in)
		if _, err := tx.ExecContext(ctx, rotateTokensQuery, teamID, sealed.BotToken, sealed.RefreshToken, sealed.ExpiresAt); err != nil {
			return MapError(err)
		}
		done = true
		return tx.notifySettings(ctx, teamID)
	})
	s.DB.forgetTeam(teamID)
	if err != nil {
		return false, fmt.Errorf("refreshing the token of %s: %w", teamID, err)
	}
	return done, nil
}

// Reseal seals again, under the current key, every token sealed under a
// previous one (key rotation); it returns how many installs it changed.
func (s Installations) Reseal(ctx context.Context) (int, error) {
	var rows []installRow
	if err := s.DB.x.SelectContext(ctx, &rows, allInstallsQuery); err != nil {
		return 0, fmt.Errorf("reading installs: %w", MapError(err))
	}
	n := 0
	for _, row := range rows {
		if s.Keys.Current(row.BotToken) && (row.RefreshToken == nil || s.Keys.Current(row.RefreshToken)) {
			continue
		}
		in, err := s.open(row)
		if err != nil {
			return n, err
		}
		sealed := s.seal(in)
		if _, err := s.DB.x.ExecContext(ctx, resealQuery, row.TeamID, sealed.BotToken, sealed.RefreshToken); err != nil {
			return n, fmt.Errorf("resealing the tokens of %s: %w", row.TeamID, MapError(err))
		}
		s.DB.forgetTeam(row.TeamID)
		n++
	}
	return n, nil
}

// StateTTL is how long an install page's state may wait for Slack's redirect.
const StateTTL = 10 * time.Minute

// SaveState records a one-time install state (its hash only).
func (s Installations) SaveState(ctx context.Context, state string) error {
	h := sha256.Sum256([]byte(state))
	if _, err := s.DB.x.ExecContext(ctx, saveStateQuery, h[:]); err != nil {
		return fmt.Errorf("storing the install state: %w", MapError(err))
	}
	if _, err := s.DB.x.ExecContext(ctx, pruneStatesQuery); err != nil {
		return fmt.Errorf("pruning install states: %w", MapError(err))
	}
	return nil
}

// ConsumeState uses up a state: true only the first time, within StateTTL.
func (s Installations) ConsumeState(ctx context.Context, state string) (bool, error) {
	h := sha256.Sum256([]byte(state))
	var fresh bool
	err := MapError(s.DB.x.GetContext(ctx, &fresh, consumeStateQuery, h[:], StateTTL.Seconds()))
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("checking the install state: %w", err)
	}
	return fresh, nil
}
