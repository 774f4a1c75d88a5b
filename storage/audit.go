package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// The audit log: each manager action is appended in the transaction that
// makes it, so the log and the data never disagree. Entries name clients
// by id and carry figures, statuses and days, never incident text.

// Audit actions.
const (
	AuditClientAdd      = "client_add"
	AuditRevenue        = "revenue"
	AuditCAC            = "cac"
	AuditStatus         = "status" // archive, restore, and the wizard's statuses
	AuditRate           = "rate"
	AuditDepartment     = "person_department" // someone else's department
	AuditSetting        = "setting"
	AuditImport         = "import"
	AuditImportUndo     = "import_undo"
	AuditDecision       = "farewell_decision"
	AuditKeepBoundaries = "keep_boundaries"
	AuditIncidentEdit   = "incident_edit"   // by someone other than the reporter
	AuditIncidentDelete = "incident_delete" // likewise
)

// Change is one audited action: what, on which client (0 for none) and
// subject, and the values before and after (keys as the view names them).
type Change struct {
	Action   string
	ClientID int64
	Subject  string
	Before   map[string]any
	After    map[string]any
}

const (
	insertAuditQuery = `
INSERT INTO audit_log (team_id, actor, action, client_id, subject, before, after)
VALUES ($1, $2, $3, NULLIF($4, 0), $5, $6, $7)`

	auditQuery = `
SELECT id, actor, action, COALESCE(client_id, 0) AS client_id, subject, before, after, at
FROM audit_log
WHERE team_id = $1 AND ($2 = 0 OR client_id = $2)
ORDER BY at DESC, id DESC
LIMIT $3`
)

// audit appends c, done by d.UserID, within tx.
func (tx *Tx) audit(ctx context.Context, d Delivery, c Change) error {
	before, err := jsonOrNull(c.Before)
	if err != nil {
		return err
	}
	after, err := jsonOrNull(c.After)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, insertAuditQuery, d.TeamID, d.UserID, c.Action, c.ClientID, c.Subject, before, after); err != nil {
		return fmt.Errorf("recording %s in the audit log: %w", c.Action, MapError(err))
	}
	return nil
}

func jsonOrNull(m map[string]any) (any, error) {
	if m == nil {
		return nil, nil
	}
	b, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("encoding an audit entry: %w", err)
	}
	return b, nil
}

// AuditEntry is a stored entry.
type AuditEntry struct {
	ID     int64
	Actor  string
	At     time.Time
	Change Change
}

type auditRow struct {
	ID       int64     `db:"id"`
	Actor    string    `db:"actor"`
	Action   string    `db:"action"`
	ClientID int64     `db:"client_id"`
	Subject  string    `db:"subject"`
	Before   []byte    `db:"before"`
	After    []byte    `db:"after"`
	At       time.Time `db:"at"`
}

// Audit lists the team's latest entries, newest first: about clientID
// only, unless it is 0.
func (db *DB) Audit(ctx context.Context, teamID string, clientID int64, limit int) ([]AuditEntry, error) {
	var rows []auditRow
	if err := db.x.SelectContext(ctx, &rows, auditQuery, teamID, clientID, limit); err != nil {
		return nil, fmt.Errorf("reading the audit log: %w", MapError(err))
	}
	out := make([]AuditEntry, len(rows))
	for i, r := range rows {
		c := Change{Action: r.Action, ClientID: r.ClientID, Subject: r.Subject}
		if len(r.Before) > 0 {
			_ = json.Unmarshal(r.Before, &c.Before) // written by audit: valid JSON objects
		}
		if len(r.After) > 0 {
			_ = json.Unmarshal(r.After, &c.After)
		}
		out[i] = AuditEntry{ID: r.ID, Actor: r.Actor, At: r.At.UTC(), Change: c}
	}
	return out, nil
}
