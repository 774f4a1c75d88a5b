package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tact-bot/tact/ledger"
)

// Erasure on request and retention. Erasing a client removes what is
// personal — incident texts and evidence and their earlier versions, the
// wizard's answers and drafts, lessons, strain comments, hour notes,
// invoice numbers, the import choices and file names that name it, and its
// name, replaced by a neutral label — and keeps the anonymous figures the
// team's medians need (hours, money, incident counts, strain tallies).
// With everything, the client and all its rows go. Either way the audit
// log keeps the client's number only.

// ErasedText stands for an erased incident text: it says nothing of anyone.
const ErasedText = "—"

// SystemActor is who the audit log names for what Tact does by itself.
const SystemActor = "tact"

// More audit actions.
const (
	AuditErase     = "client_erase"
	AuditRetention = "retention"
)

// ErrErased means the client was erased: it can't be restored or erased again.
var ErrErased = errors.New("the client was erased")

const (
	lockClientForEraseQuery = `SELECT erased_at IS NOT NULL FROM clients WHERE team_id = $1 AND id = $2 FOR UPDATE`

	eraseImportNamesQuery = `
UPDATE imports SET file_name = '' WHERE team_id = $1 AND id IN (
    SELECT import_id FROM time_entries WHERE team_id = $1 AND client_id = $2 AND import_id IS NOT NULL
    UNION SELECT import_id FROM invoices WHERE team_id = $1 AND client_id = $2)`

	deleteClientQuery = `DELETE FROM clients WHERE team_id = $1 AND id = $2`

	eraseIncidentVersionsQuery = `
DELETE FROM incident_versions v USING incidents i
WHERE v.incident_id = i.id AND i.team_id = $1 AND i.client_id = $2`

	eraseIncidentTextsQuery = `
UPDATE incidents SET description = '` + ErasedText + `', evidence = '{}' WHERE team_id = $1 AND client_id = $2`

	eraseDecisionsQuery = `
UPDATE farewell_decisions SET decision = '{}', drafts = '{}', lessons = NULL WHERE team_id = $1 AND client_id = $2`

	erasePendingRemindersQuery = `
DELETE FROM farewell_reminders r USING farewell_decisions d
WHERE r.decision_id = d.id AND d.team_id = $1 AND d.client_id = $2 AND r.sent_at IS NULL`

	eraseWizardsQuery = `DELETE FROM farewell_wizards WHERE team_id = $1 AND client_id = $2`

	eraseCommentsQuery = `
DELETE FROM strain_comments c USING strain_polls p WHERE c.poll_id = p.id AND p.team_id = $1 AND p.client_id = $2`

	eraseNotesQuery = `UPDATE time_entries SET note = '' WHERE team_id = $1 AND client_id = $2 AND note <> ''`

	eraseInvoiceNumbersQuery = `UPDATE invoices SET number = '', source_id = 'erased:' || id WHERE team_id = $1 AND client_id = $2`

	eraseImportChoicesQuery = `DELETE FROM import_choices WHERE team_id = $1 AND client_id = $2`

	eraseNameQuery = `
UPDATE clients SET name = 'erased-' || id, status = 'archived', status_until = NULL, erased_at = now()
WHERE team_id = $1 AND id = $2`

	retentionVersionsQuery = `
DELETE FROM incident_versions v USING incidents i
WHERE v.incident_id = i.id AND i.team_id = $1 AND i.occurred_on < $2`

	retentionTextsQuery = `
UPDATE incidents SET description = '` + ErasedText + `', evidence = '{}'
WHERE team_id = $1 AND occurred_on < $2 AND (description <> '` + ErasedText + `' OR evidence <> '{}')`

	retentionMonthsQuery = `SELECT retention_months FROM team_settings WHERE team_id = $1`

	setRetentionQuery = `
INSERT INTO team_settings (team_id, retention_months, updated_by) VALUES ($1, $2, $3)
ON CONFLICT (team_id) DO UPDATE SET retention_months = EXCLUDED.retention_months, updated_by = EXCLUDED.updated_by, updated_at = now()`
)

// EraseClient erases a client of the team in one transaction claimed by
// d's key: its personal data, or with everything the client itself.
// ErrNotFound when it is not the team's; ErrErased when already erased.
func (db *DB) EraseClient(ctx context.Context, d Delivery, clientID int64, everything bool) error {
	err := db.deliveryTx(ctx, d, func(tx *Tx) error {
		var erased bool
		if err := tx.GetContext(ctx, &erased, lockClientForEraseQuery, d.TeamID, clientID); err != nil {
			return fmt.Errorf("locking the client: %w", MapError(err))
		}
		if erased {
			return ErrErased
		}
		queries := []string{eraseImportNamesQuery, deleteClientQuery}
		if !everything {
			queries = []string{eraseImportNamesQuery, eraseIncidentVersionsQuery, eraseIncidentTextsQuery, eraseDecisionsQuery,
				erasePendingRemindersQuery, eraseWizardsQuery, eraseCommentsQuery, eraseNotesQuery, eraseInvoiceNumbersQuery,
				eraseImportChoicesQuery, eraseNameQuery}
		}
		for _, q := range queries {
			if _, err := tx.ExecContext(ctx, q, d.TeamID, clientID); err != nil {
				return fmt.Errorf("erasing: %w", MapError(err))
			}
		}
		return tx.audit(ctx, d, Change{Action: AuditErase, ClientID: clientID, After: map[string]any{"everything": everything}})
	})
	if err != nil {
		return fmt.Errorf("erasing client %d: %w", clientID, err)
	}
	return nil
}

// Retention is how many months incident texts are kept; 0: forever.
func (db *DB) Retention(ctx context.Context, teamID string) (int, error) {
	var months *int
	err := db.x.GetContext(ctx, &months, retentionMonthsQuery, teamID)
	if err = MapError(err); err != nil && !errors.Is(err, ErrNotFound) {
		return 0, fmt.Errorf("loading the retention: %w", err)
	}
	if months == nil {
		return 0, nil
	}
	return *months, nil
}

// SetRetention keeps incident texts months months (0: forever) and
// returns the setting it replaced, audited.
func (db *DB) SetRetention(ctx context.Context, d Delivery, months int) (prev int, err error) {
	var value any
	if months > 0 {
		value = months
	}
	err = db.deliveryTx(ctx, d, func(tx *Tx) error {
		var old *int
		if err := tx.GetContext(ctx, &old, retentionMonthsQuery, d.TeamID); err != nil && !errors.Is(MapError(err), ErrNotFound) {
			return fmt.Errorf("reading the retention: %w", MapError(err))
		}
		if old != nil {
			prev = *old
		}
		if _, err := tx.ExecContext(ctx, setRetentionQuery, d.TeamID, value, d.UserID); err != nil {
			return fmt.Errorf("saving the retention: %w", MapError(err))
		}
		return tx.audit(ctx, d, Change{Action: AuditSetting, Subject: "retention",
			Before: map[string]any{"months": prev}, After: map[string]any{"months": months}})
	})
	if err != nil {
		return 0, fmt.Errorf("setting the retention: %w", err)
	}
	return prev, nil
}

// EraseOldIncidentTexts erases the texts and evidence of the team's
// incidents that happened before the first day kept, and their earlier
// versions; the count goes to the audit log when there were any. Run
// twice, the second finds nothing to do.
func (db *DB) EraseOldIncidentTexts(ctx context.Context, teamID string, keptFrom time.Time) (int, error) {
	day := ledger.Date(keptFrom).Format(time.DateOnly)
	var n int64
	err := db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, retentionVersionsQuery, teamID, day); err != nil {
			return fmt.Errorf("erasing earlier versions: %w", MapError(err))
		}
		var err error
		if n, err = execRows(ctx, tx, retentionTextsQuery, teamID, day); err != nil || n == 0 {
			return err
		}
		d := Delivery{TeamID: teamID, UserID: SystemActor}
		return tx.audit(ctx, d, Change{Action: AuditRetention, Subject: day, After: map[string]any{"erased": n}})
	})
	if err != nil {
		return 0, fmt.Errorf("erasing incident texts before %s: %w", day, err)
	}
	return int(n), nil
}
