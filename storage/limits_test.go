package storage_test

import (
	"context"
	"math"
	"regexp"
	"strconv"
	"testing"

	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/storage/storagetest"
	"github.com/tact-bot/tact/strain"
)

// TestInputLimitsMatchSchema reads the CHECK constraints from a freshly
// migrated database and compares them with the domain's input limits, so
// a limit changed on one side only fails here.
func TestInputLimitsMatchSchema(t *testing.T) {
	checks := schemaChecks(t)
	tests := []struct {
		table, expr string
		min, max    int64 // -1: the CHECK must have no such bound
	}{
		{"clients", "char_length(name)", 1, ledger.MaxClientNameRunes},
		{"departments", "char_length(name)", 1, ledger.MaxDepartmentRunes},
		{"incidents", "char_length(description)", 1, ledger.MaxIncidentDescriptionRunes},
		{"time_entries", "char_length(note)", -1, ledger.MaxHoursNoteRunes},
		{"time_entries", "minutes", ledger.MinDurationMinutes, ledger.MaxDurationMinutes},
		{"strain_comments", "char_length(body)", 1, strain.MaxCommentRunes},
		{"strain_votes", "score", strain.MinScore, strain.MaxScore},
		{"strain_pulse_answers", "score", strain.MinScore, strain.MaxScore},
		{"clients", "cac_minor", 0, -1},
		{"client_revenue", "amount_minor", 0, -1},
		{"department_rates", "per_hour_minor", 0, -1},
		// Verdicts: settings and late-payment details are positive when set.
		{"team_settings", "cac_minor", 1, -1},
		{"team_settings", "floor_minor", 1, -1},
		{"incidents", "amount_minor", 1, -1},
		{"incidents", "days_late", ledger.MinDaysLate, ledger.MaxDaysLate},
	}
	for _, tt := range tests {
		lo, hi := bounds(checks[tt.table], tt.expr)
		if lo != tt.min || hi != tt.max {
			t.Errorf("%s: %s is checked as %s..%s; the domain says %s..%s (CHECKs: %q)",
				tt.table, tt.expr, bound(lo), bound(hi), bound(tt.min), bound(tt.max), checks[tt.table])
		}
	}
	// The largest amount, in minor units of the currency with the most minor
	// digits, must fit the bigint columns.
	if ledger.MaxAmountMajor > math.MaxInt64/int64(math.Pow10(ledger.MaxCurrencyExp)) {
		t.Errorf("MaxAmountMajor %d does not fit a bigint in minor units", int64(ledger.MaxAmountMajor))
	}
	if _, err := ledger.ParseAmountOrZero("0", 2); err != nil {
		t.Errorf("the least amount the columns take (0) is refused: %v", err)
	}
}

// schemaChecks is every CHECK constraint's definition, by table, as
// PostgreSQL prints it back.
func schemaChecks(t *testing.T) map[string][]string {
	t.Helper()
	db := storagetest.New(t)
	var rows []struct {
		Table string `db:"tbl"`
		Def   string `db:"def"`
	}
	err := db.X().SelectContext(context.Background(), &rows, `
		SELECT conrelid::regclass::text AS tbl, pg_get_constraintdef(oid) AS def
		FROM pg_constraint
		WHERE contype = 'c' AND connamespace = 'public'::regnamespace`)
	if err != nil {
		t.Fatalf("reading the CHECK constraints: %v", err)
	}
	out := map[string][]string{}
	for _, r := range rows {
		out[r.Table] = append(out[r.Table], r.Def)
	}
	return out
}

// bounds finds expr >= n and expr <= n (BETWEEN is printed back as both)
// in a table's CHECKs; -1 where there is none.
func bounds(defs []string, expr string) (lo, hi int64) {
	lo, hi = -1, -1
	find := func(op string) int64 {
		re := regexp.MustCompile(`\(` + regexp.QuoteMeta(expr) + ` ` + op + ` (\d+)\)`)
		for _, d := range defs {
			if m := re.FindStringSubmatch(d); m != nil {
				n, err := strconv.ParseInt(m[1], 10, 64)
				if err == nil {
					return n
				}
			}
		}
		return -1
	}
	return find(">="), find("<=")
}

func bound(n int64) string {
	if n < 0 {
		return "none"
	}
	return strconv.FormatInt(n, 10)
}
