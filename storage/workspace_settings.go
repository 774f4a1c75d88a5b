package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/lib/pq"

	"github.com/tact-bot/tact/settings"
)

// The settings managers choose in Slack (/tact settings), one row a
// workspace in team_settings; NULL is unset and the environment's default
// applies. They are read where they are used, so a change takes effect on
// every replica at its next read, without a restart.

const (
	storedSettingsQuery = `
SELECT digest_channel, digest_weekday, digest_minute, managers, currency, time_zone, language,
       pulse_on, pulse_weekday, poll_hours, min_answers, cac_minor, floor_minor
FROM team_settings WHERE team_id = $1`

	saveSettingsQuery = `
INSERT INTO team_settings (team_id, digest_channel, digest_weekday, digest_minute, managers, currency,
    time_zone, language, pulse_on, pulse_weekday, poll_hours, min_answers, cac_minor, floor_minor, updated_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
ON CONFLICT (team_id) DO UPDATE SET
    digest_channel = EXCLUDED.digest_channel, digest_weekday = EXCLUDED.digest_weekday,
    digest_minute = EXCLUDED.digest_minute, managers = EXCLUDED.managers, currency = EXCLUDED.currency,
    time_zone = EXCLUDED.time_zone, language = EXCLUDED.language, pulse_on = EXCLUDED.pulse_on,
    pulse_weekday = EXCLUDED.pulse_weekday, poll_hours = EXCLUDED.poll_hours,
    min_answers = EXCLUDED.min_answers, cac_minor = EXCLUDED.cac_minor, floor_minor = EXCLUDED.floor_minor,
    updated_by = EXCLUDED.updated_by, updated_at = now()`
)

type storedSettingsRow struct {
	Channel    sql.NullString `db:"digest_channel"`
	Day        sql.NullInt16  `db:"digest_weekday"`
	Minute     sql.NullInt16  `db:"digest_minute"`
	Managers   pq.StringArray `db:"managers"`
	Currency   sql.NullString `db:"currency"`
	TimeZone   sql.NullString `db:"time_zone"`
	Language   sql.NullString `db:"language"`
	PulseOn    sql.NullBool   `db:"pulse_on"`
	PulseDay   sql.NullInt16  `db:"pulse_weekday"`
	PollHours  sql.NullInt32  `db:"poll_hours"`
	MinAnswers sql.NullInt32  `db:"min_answers"`
	CAC        sql.NullInt64  `db:"cac_minor"`
	Floor      sql.NullInt64  `db:"floor_minor"`
}

func (r storedSettingsRow) stored() settings.Stored {
	s := settings.Stored{
		DigestChannel: r.Channel.String, DigestDay: int(r.Day.Int16), Managers: []string(r.Managers),
		Currency: r.Currency.String, TimeZone: r.TimeZone.String, Language: r.Language.String,
		PulseDay: int(r.PulseDay.Int16), PollHours: int(r.PollHours.Int32), MinAnswers: int(r.MinAnswers.Int32),
		CACMinor: r.CAC.Int64, FloorMinor: r.Floor.Int64,
	}
	if r.Minute.Valid {
		s.DigestTime = settings.Weekly{Minute: int(r.Minute.Int16)}.Clock()
	}
	if r.PulseOn.Valid {
		s.Pulse = settings.Off
		if r.PulseOn.Bool {
			s.Pulse = settings.On
		}
	}
	return s
}

// StoredSettings is what the workspace's managers chose; zero fields are
// unset.
func (c conn) StoredSettings(ctx context.Context, teamID string) (settings.Stored, error) {
	var r storedSettingsRow
	err := c.q.GetContext(ctx, &r, storedSettingsQuery, teamID)
	if err != nil && !errors.Is(MapError(err), ErrNotFound) {
		return settings.Stored{}, fmt.Errorf("loading the workspace's settings: %w", MapError(err))
	}
	return r.stored(), nil
}

// SaveSettings replaces the workspace's chosen settings with s (checked by
// settings.Check first) in a transaction claimed by d's key, auditing each
// field that changed; it returns what they were.
func (db *DB) SaveSettings(ctx context.Context, d Delivery, s settings.Stored) (before settings.Stored, err error) {
	err = db.deliveryTx(ctx, d, func(tx *Tx) error {
		if before, err = tx.StoredSettings(ctx, d.TeamID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, saveSettingsQuery, settingsArgs(d, s)...); err != nil {
			return fmt.Errorf("saving the settings: %w", MapError(err))
		}
		if err := tx.notifySettings(ctx, d.TeamID); err != nil {
			return err
		}
		was, now := settingsDiff(before, s)
		if len(now) == 0 {
			return nil
		}
		return tx.audit(ctx, d, Change{Action: AuditSetting, Subject: "settings", Before: was, After: now})
	})
	db.settings.forget(d.TeamID) // this replica's own next read, whatever the notification's pace
	if err != nil {
		return settings.Stored{}, fmt.Errorf("saving the workspace's settings: %w", err)
	}
	return before, nil
}

func settingsArgs(d Delivery, s settings.Stored) []any {
	var minute, pulse any
	if m, ok := settings.ParseClock(s.DigestTime); ok {
		minute = m
	}
	if s.Pulse != settings.Unset {
		pulse = s.Pulse == settings.On
	}
	var managers any
	if len(s.Managers) > 0 {
		managers = pq.StringArray(s.Managers)
	}
	return []any{d.TeamID, nullString(s.DigestChannel), nullInt(int64(s.DigestDay)), minute, managers,
		nullString(s.Currency), nullString(s.TimeZone), nullString(s.Language), pulse, nullInt(int64(s.PulseDay)),
		nullInt(int64(s.PollHours)), nullInt(int64(s.MinAnswers)), nullInt(s.CACMinor), nullInt(s.FloorMinor), d.UserID}
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullInt(n int64) any {
	if n <= 0 {
		return nil
	}
	return n
}

// settingsDiff is the fields that changed, before and after, keyed as the
// audit view names them ("" is unset: the default).
func settingsDiff(a, b settings.Stored) (before, after map[string]any) {
	before, after = map[string]any{}, map[string]any{}
	put := func(key string, x, y any) {
		if fmt.Sprint(x) != fmt.Sprint(y) {
			before[key], after[key] = x, y
		}
	}
	put("digest_channel", a.DigestChannel, b.DigestChannel)
	put("digest_day", a.DigestDay, b.DigestDay)
	put("digest_time", a.DigestTime, b.DigestTime)
	if !slices.Equal(a.Managers, b.Managers) {
		before["managers"], after["managers"] = a.Managers, b.Managers
	}
	put("currency", a.Currency, b.Currency)
	put("time_zone", a.TimeZone, b.TimeZone)
	put("language", a.Language, b.Language)
	put("pulse", string(a.Pulse), string(b.Pulse))
	put("pulse_day", a.PulseDay, b.PulseDay)
	put("poll_hours", a.PollHours, b.PollHours)
	put("min_answers", a.MinAnswers, b.MinAnswers)
	put("cac_minor", a.CACMinor, b.CACMinor)
	put("floor_minor", a.FloorMinor, b.FloorMinor)
	return before, after
}

// Workspaces gives the settings in force for any workspace: its managers'
// choices over the environment's defaults.
type Workspaces struct {
	DB       *DB
	Defaults settings.Workspace
}

// For reads teamID's settings now.
func (w Workspaces) For(ctx context.Context, teamID string) (settings.Workspace, error) {
	s, err := w.DB.cachedSettings(ctx, teamID)
	if err != nil {
		return settings.Workspace{}, err
	}
	return settings.Merge(w.Defaults, s), nil
}
