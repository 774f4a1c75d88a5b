package storage

import (
	"context"
	"fmt"
)

const (
	insertSecretFingerprint = `
INSERT INTO secret_fingerprint (fingerprint) VALUES ($1) ON CONFLICT DO NOTHING`

	secretFingerprintQuery = `
SELECT fingerprint FROM secret_fingerprint`
)

// SecretFingerprint stores fp as the database's secret fingerprint unless
// one is there already, and returns the stored one: the first start's. Two
// first starts racing agree, since the second insert does nothing and its
// read, a statement of its own, sees the first's row.
func (db *DB) SecretFingerprint(ctx context.Context, fp []byte) ([]byte, error) {
	if _, err := db.x.ExecContext(ctx, insertSecretFingerprint, fp); err != nil {
		return nil, fmt.Errorf("storing the secret's fingerprint: %w", MapError(err))
	}
	var stored []byte
	if err := db.x.GetContext(ctx, &stored, secretFingerprintQuery); err != nil {
		return nil, fmt.Errorf("reading the secret's fingerprint: %w", MapError(err))
	}
	return stored, nil
}
