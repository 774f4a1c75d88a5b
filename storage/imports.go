package storage

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"time"

	"github.com/lib/pq"

	"github.com/tact-bot/tact/imports"
)

// Imports write a whole file in one transaction: the rows are streamed
// with COPY into a temporary table, then moved into time_entries or
// invoices with one INSERT … ON CONFLICT over the source ids, so an import
// is all of its rows or none (never half-visible in the digest), and a row
// already imported is counted as present, not added twice.

// ImportInput describes an import being confirmed.
type ImportInput struct {
	Kind     imports.Kind
	Format   imports.Format
	FileName string
	Channel  string // where its summary goes
	Skipped  int    // rows the preview left out
	// Choices are the preview's answers, remembered for the next import.
	Choices imports.Choices
	// Mapping is how a generic file was read, remembered by Signature.
	Mapping   *imports.Mapping
	Signature string
}

// ImportRow is one row to write: a resolved hour or invoice.
type ImportRow struct {
	ClientID  int64  // an existing client, or 0 with NewClient
	NewClient string // a client this import creates
	Hours     *imports.HourRow
	UserID    string // hours: the Slack member, "" when not matched
	Dept      string // hours: the department's stored name
	Invoice   *imports.InvoiceRow
}

// Import is a stored import.
type Import struct {
	ID        int64
	ShortID   string
	Kind      imports.Kind
	Format    imports.Format
	FileName  string
	Channel   string
	By        string
	Added     int
	Present   int
	Updated   int // invoices whose outstanding amount changed
	Skipped   int
	Created   int // clients created
	CreatedAt time.Time
	UndoneAt  time.Time // zero while in force
}

// errShortIDTaken: five draws all hit ids in use (never, in practice).
var errShortIDTaken = errors.New("short id taken")

const (
	insertImportQuery = `
INSERT INTO imports (team_id, short_id, kind, format, file_name, channel_id, imported_by, delivery, added, present, skipped)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, 0, $9)
ON CONFLICT DO NOTHING
RETURNING id, created_at`

	importDeliveredQuery = `SELECT EXISTS (SELECT 1 FROM imports WHERE team_id = $1 AND delivery = $2)`

	createHourTempQuery = `
CREATE TEMP TABLE import_rows (
    client_id bigint, client_name text, user_id text, person text, department text,
    minutes integer, worked_on date, note text, source_id text,
    number text, amount_minor bigint, outstanding_minor bigint, issued_on date, due_on date
) ON COMMIT DROP`

	createImportClientsQuery = `
INSERT INTO clients (team_id, name, created_by)
SELECT DISTINCT ON (lower(left(client_name, 80))) $1, left(client_name, 80), $2
FROM import_rows WHERE client_id IS NULL
ON CONFLICT DO NOTHING`

	resolveImportClientsQuery = `
UPDATE import_rows r SET client_id = c.id
FROM clients c
WHERE r.client_id IS NULL AND c.team_id = $1 AND lower(c.name) = lower(left(r.client_name, 80))`

	moveHoursQuery = `
INSERT INTO time_entries (team_id, client_id, user_id, department_id, minutes, worked_on, note, import_id, source_id, person)
SELECT $1, c.id, r.user_id, d.id, r.minutes, r.worked_on, r.note, $2, r.source_id, r.person
FROM import_rows r
JOIN clients c ON c.id = r.client_id AND c.team_id = $1
JOIN departments d ON d.team_id = $1 AND d.name = r.department
ON CONFLICT (team_id, source_id) WHERE source_id IS NOT NULL AND deleted_at IS NULL DO NOTHING`

	moveInvoicesQuery = `
WITH moved AS (
    INSERT INTO invoices (team_id, client_id, import_id, source_id, number, amount_minor, outstanding_minor, issued_on, due_on)
    SELECT DISTINCT ON (r.source_id) $1, c.id, $2, r.source_id, r.number, r.amount_minor, r.outstanding_minor, r.issued_on, r.due_on
    FROM import_rows r JOIN clients c ON c.id = r.client_id AND c.team_id = $1
    ORDER BY r.source_id
    ON CONFLICT (team_id, source_id) WHERE deleted_at IS NULL
    DO UPDATE SET outstanding_minor = EXCLUDED.outstanding_minor
    WHERE invoices.outstanding_minor <> EXCLUDED.outstanding_minor
    RETURNING (xmax = 0) AS inserted
)
SELECT COUNT(*) FILTER (WHERE inserted), COUNT(*) FILTER (WHERE NOT inserted) FROM moved`

	finishImportQuery = `UPDATE imports SET added = $2, present = $3 WHERE id = $1`

	saveImportChoiceQuery = `
INSERT INTO import_choices (team_id, kind, name_key, client_id, department, skip)
VALUES ($1, $2, $3, NULLIF($4, 0), NULLIF($5, ''), $6)
ON CONFLICT (team_id, kind, name_key)
DO UPDATE SET client_id = EXCLUDED.client_id, department = EXCLUDED.department, skip = EXCLUDED.skip, updated_at = now()`

	importChoicesQuery = `
SELECT kind, name_key, COALESCE(client_id, 0) AS client_id, COALESCE(department, '') AS department, skip
FROM import_choices WHERE team_id = $1`

	importQuery = `
SELECT i.id, i.short_id, i.kind, i.format, i.file_name, i.channel_id, i.imported_by, i.added, i.present, i.skipped,
       i.created_at, i.undone_at
FROM imports i WHERE i.team_id = $1 AND i.short_id = $2`

	saveImportMappingQuery = `
INSERT INTO import_mappings (team_id, signature, mapping) VALUES ($1, $2, $3)
ON CONFLICT (team_id, signature) DO UPDATE SET mapping = EXCLUDED.mapping, updated_at = now()`

	importMappingQuery = `SELECT mapping FROM import_mappings WHERE team_id = $1 AND signature = $2`

	undoImportHoursQuery = `
UPDATE time_entries SET deleted_at = now() WHERE import_id = $1 AND deleted_at IS NULL`

	undoImportInvoicesQuery = `
UPDATE invoices SET deleted_at = now() WHERE import_id = $1 AND deleted_at IS NULL`

	markImportUndoneQuery = `
UPDATE imports SET undone_at = now(), undone_by = $3 WHERE team_id = $1 AND id = $2 AND undone_at IS NULL
RETURNING short_id`
)

// importStatementTimeout bounds the import's own statements: a 100 MB
// file is more than the default 10 s of work, but never minutes.
const importStatementTimeout = "120s"

// SaveImport writes rows as one import confirmed by delivery d, and
// remembers the preview's choices. A redelivered confirmation writes
// nothing and returns ErrAlreadyClaimed. rows is read once, streaming.
func (db *DB) SaveImport(ctx context.Context, d Delivery, in ImportInput, rows iter.Seq2[ImportRow, error]) (Import, error) {
	var out Import
	err := db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, "SET LOCAL statement_timeout = '"+importStatementTimeout+"'"); err != nil {
			return err
		}
		imp, err := insertImport(ctx, tx, d, in)
		if err != nil {
			return err
		}
		copied, err := copyImportRows(ctx, tx, rows)
		if err != nil {
			return err
		}
		if imp.Created, err = createImportClients(ctx, tx, d); err != nil {
			return err
		}
		if err := moveImportRows(ctx, tx, d.TeamID, &imp, copied); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, finishImportQuery, imp.ID, imp.Added, imp.Present); err != nil {
			return fmt.Errorf("counting the import: %w", err)
		}
		if err := tx.audit(ctx, d, Change{Action: AuditImport, Subject: imp.ShortID, After: map[string]any{
			"kind": string(in.Kind), "format": string(in.Format), "added": imp.Added, "present": imp.Present,
			"skipped": in.Skipped, "clients_created": imp.Created,
		}}); err != nil {
			return err
		}
		out = imp
		if err := saveImportMapping(ctx, tx, d.TeamID, in); err != nil {
			return err
		}
		return saveImportChoices(ctx, tx, d.TeamID, in.Choices)
	})
	if err != nil {
		return Import{}, fmt.Errorf("importing %s: %w", in.FileName, err)
	}
	return out, nil
}

func insertImport(ctx context.Context, tx *Tx, d Delivery, in ImportInput) (Import, error) {
	imp := Import{Kind: in.Kind, Format: in.Format, FileName: in.FileName, Channel: in.Channel, By: d.UserID, Skipped: in.Skipped}
	for range 5 {
		imp.ShortID = newShortID()
		err := tx.QueryRowxContext(ctx, insertImportQuery, d.TeamID, imp.ShortID, in.Kind, in.Format, in.FileName,
			in.Channel, d.UserID, d.Key, in.Skipped).Scan(&imp.ID, &imp.CreatedAt)
		if err == nil {
			return imp, nil
		}
		if !errors.Is(MapError(err), ErrNotFound) {
			return Import{}, fmt.Errorf("recording the import: %w", err)
		}
		var delivered bool
		if err := tx.GetContext(ctx, &delivered, importDeliveredQuery, d.TeamID, d.Key); err != nil {
			return Import{}, fmt.Errorf("recording the import: %w", err)
		}
		if delivered {
			return Import{}, fmt.Errorf("import %q: %w", d.Key, ErrAlreadyClaimed)
		}
	}
	return Import{}, fmt.Errorf("recording the import: %w", errShortIDTaken)
}

// newShortID draws six letters and digits: 2 billion ids, typed by people.
func newShortID() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyz23456789" // no l, o, 0, 1
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

func copyImportRows(ctx context.Context, tx *Tx, rows iter.Seq2[ImportRow, error]) (int, error) {
	if _, err := tx.ExecContext(ctx, createHourTempQuery); err != nil {
		return 0, fmt.Errorf("preparing the import: %w", err)
	}
	stmt, err := tx.PrepareContext(ctx, pq.CopyIn("import_rows", "client_id", "client_name", "user_id", "person", "department",
		"minutes", "worked_on", "note", "source_id", "number", "amount_minor", "outstanding_minor", "issued_on", "due_on"))
	if err != nil {
		return 0, fmt.Errorf("starting the copy: %w", err)
	}
	defer stmt.Close()
	n := 0
	for r, err := range rows {
		if err != nil {
			return 0, err
		}
		if _, err := stmt.ExecContext(ctx, copyArgs(r)...); err != nil {
			return 0, fmt.Errorf("copying row %d: %w", n+1, err)
		}
		n++
	}
	if _, err := stmt.ExecContext(ctx); err != nil {
		return 0, fmt.Errorf("finishing the copy: %w", err)
	}
	// A temporary table has no statistics: without them the planner
	// guesses a few rows and joins 100,000 by nested loops.
	if _, err := tx.ExecContext(ctx, "ANALYZE import_rows"); err != nil {
		return 0, fmt.Errorf("analysing the import: %w", err)
	}
	return n, nil
}

func copyArgs(r ImportRow) []any {
	var clientID, clientName any
	if r.ClientID != 0 {
		clientID = r.ClientID
	} else {
		clientName = r.NewClient
	}
	if h := r.Hours; h != nil {
		return []any{clientID, clientName, r.UserID, h.Person, r.Dept, h.Minutes, h.Day, h.Note, h.SourceID,
			nil, nil, nil, nil, nil}
	}
	v := r.Invoice
	return []any{clientID, clientName, nil, nil, nil, nil, nil, nil, v.SourceID,
		v.Number, v.AmountMinor, v.Outstanding, v.Issued, v.Due}
}

func createImportClients(ctx context.Context, tx *Tx, d Delivery) (int, error) {
	n, err := execRows(ctx, tx, createImportClientsQuery, d.TeamID, d.UserID)
	if err != nil {
		return 0, fmt.Errorf("creating the import's clients: %w", err)
	}
	if _, err := tx.ExecContext(ctx, resolveImportClientsQuery, d.TeamID); err != nil {
		return 0, fmt.Errorf("matching the import's clients: %w", err)
	}
	return int(n), nil
}

func moveImportRows(ctx context.Context, tx *Tx, teamID string, imp *Import, copied int) error {
	if imp.Kind == imports.KindInvoices {
		var added, updated int
		if err := tx.QueryRowxContext(ctx, moveInvoicesQuery, teamID, imp.ID).Scan(&added, &updated); err != nil {
			return fmt.Errorf("writing invoices: %w", err)
		}
		imp.Added, imp.Updated, imp.Present = added, updated, copied-added
		return nil
	}
	n, err := execRows(ctx, tx, moveHoursQuery, teamID, imp.ID)
	if err != nil {
		return fmt.Errorf("writing hours: %w", err)
	}
	imp.Added, imp.Present = int(n), copied-int(n)
	return nil
}

func saveImportChoices(ctx context.Context, tx *Tx, teamID string, c imports.Choices) error {
	for key, ch := range c.Clients {
		if !ch.Create { // a new client is found by name next time
			if _, err := tx.ExecContext(ctx, saveImportChoiceQuery, teamID, "client", key, ch.ClientID, "", ch.Skip); err != nil {
				return fmt.Errorf("remembering %q: %w", key, err)
			}
		}
	}
	for key, ch := range c.People {
		if _, err := tx.ExecContext(ctx, saveImportChoiceQuery, teamID, "person", key, 0, ch.Department, ch.Skip); err != nil {
			return fmt.Errorf("remembering %q: %w", key, err)
		}
	}
	return nil
}

type importChoiceRow struct {
	Kind       string `db:"kind"`
	Key        string `db:"name_key"`
	ClientID   int64  `db:"client_id"`
	Department string `db:"department"`
	Skip       bool   `db:"skip"`
}

// ImportChoices are the choices remembered from earlier imports.
func (db *DB) ImportChoices(ctx context.Context, teamID string) (imports.Choices, error) {
	var rows []importChoiceRow
	if err := db.x.SelectContext(ctx, &rows, importChoicesQuery, teamID); err != nil {
		return imports.Choices{}, fmt.Errorf("loading import choices: %w", MapError(err))
	}
	c := imports.Choices{Clients: map[string]imports.ClientChoice{}, People: map[string]imports.PersonChoice{}}
	for _, r := range rows {
		if r.Kind == "client" {
			c.Clients[r.Key] = imports.ClientChoice{ClientID: r.ClientID, Skip: r.Skip}
		} else {
			c.People[r.Key] = imports.PersonChoice{Department: r.Department, Skip: r.Skip}
		}
	}
	return c, nil
}

type importRow struct {
	ID        int64      `db:"id"`
	ShortID   string     `db:"short_id"`
	Kind      string     `db:"kind"`
	Format    string     `db:"format"`
	FileName  string     `db:"file_name"`
	Channel   string     `db:"channel_id"`
	By        string     `db:"imported_by"`
	Added     int        `db:"added"`
	Present   int        `db:"present"`
	Skipped   int        `db:"skipped"`
	CreatedAt time.Time  `db:"created_at"`
	UndoneAt  *time.Time `db:"undone_at"`
}

// ImportByShortID is an import of the team; ErrNotFound when none has it.
func (db *DB) ImportByShortID(ctx context.Context, teamID, shortID string) (Import, error) {
	var r importRow
	if err := db.x.GetContext(ctx, &r, importQuery, teamID, shortID); err != nil {
		return Import{}, fmt.Errorf("loading import %s: %w", shortID, MapError(err))
	}
	imp := Import{ID: r.ID, ShortID: r.ShortID, Kind: imports.Kind(r.Kind), Format: imports.Format(r.Format), FileName: r.FileName,
		Channel: r.Channel, By: r.By, Added: r.Added, Present: r.Present, Skipped: r.Skipped, CreatedAt: r.CreatedAt}
	if r.UndoneAt != nil {
		imp.UndoneAt = *r.UndoneAt
	}
	return imp, nil
}

// UndoImport takes an import's rows out (kept, never counted), once: a
// second undo, or a redelivered one, returns ErrAlreadyClaimed. The
// clients it created stay: other hours may have been logged for them since.
func (db *DB) UndoImport(ctx context.Context, d Delivery, importID int64) (removed int, err error) {
	err = db.inTx(ctx, func(tx *Tx) error {
		var shortID string
		err := tx.GetContext(ctx, &shortID, markImportUndoneQuery, d.TeamID, importID, d.UserID)
		if errors.Is(MapError(err), ErrNotFound) {
			return ErrAlreadyClaimed
		}
		if err != nil {
			return err
		}
		for _, q := range []string{undoImportHoursQuery, undoImportInvoicesQuery} {
			n, err := execRows(ctx, tx, q, importID)
			if err != nil {
				return err
			}
			removed += int(n)
		}
		return tx.audit(ctx, d, Change{Action: AuditImportUndo, Subject: shortID, After: map[string]any{"removed": removed}})
	})
	if err != nil {
		return 0, fmt.Errorf("undoing import %d: %w", importID, err)
	}
	return removed, nil
}

func saveImportMapping(ctx context.Context, tx *Tx, teamID string, in ImportInput) error {
	if in.Mapping == nil || in.Signature == "" {
		return nil
	}
	b, err := json.Marshal(in.Mapping)
	if err != nil {
		return fmt.Errorf("encoding the mapping: %w", err)
	}
	if _, err := tx.ExecContext(ctx, saveImportMappingQuery, teamID, in.Signature, b); err != nil {
		return fmt.Errorf("remembering the mapping: %w", err)
	}
	return nil
}

// ImportMapping is the mapping remembered for files with the header
// signature; ok is false when there is none (or it no longer reads).
func (db *DB) ImportMapping(ctx context.Context, teamID, signature string) (m imports.Mapping, ok bool, err error) {
	var raw []byte
	err = db.x.GetContext(ctx, &raw, importMappingQuery, teamID, signature)
	if err = MapError(err); errors.Is(err, ErrNotFound) {
		return imports.Mapping{}, false, nil
	}
	if err != nil {
		return imports.Mapping{}, false, fmt.Errorf("loading the import mapping: %w", err)
	}
	if json.Unmarshal(raw, &m) != nil {
		return imports.Mapping{}, false, nil
	}
	return m, true, nil
}
