package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"fmt"

	"github.com/tact-bot/tact/storage"
)

// fingerprintLabel is what the secret's fingerprint is an HMAC of: a fixed
// label, so the fingerprint proves which secret it was without revealing
// it or any vote key.
const fingerprintLabel = "tact: secret fingerprint v1"

func secretFingerprint(secret []byte) []byte {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(fingerprintLabel))
	return mac.Sum(nil)
}

// checkSecret refuses to start with a secret other than the one the
// database was first started with (another replica's, or a new one after a
// lost secret file): anonymous votes are keyed by it, so a second secret
// would let people vote twice. The first start records its fingerprint.
func checkSecret(ctx context.Context, db *storage.DB, cfg *config, secret []byte) error {
	stored, err := db.SecretFingerprint(ctx, secretFingerprint(secret))
	if err != nil {
		return fmt.Errorf("checking the secret against the database: %w", err)
	}
	if hmac.Equal(stored, secretFingerprint(secret)) {
		return nil
	}
	source := "TACT_SECRET"
	if cfg.Secret == "" {
		source = "the secret in " + cfg.secretPath()
	}
	return usageError{fmt.Errorf("%s is not the one this database was first started with: give every replica that secret (anonymous votes are keyed by it); a new one is never accepted", source)}
}
