package strain_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/tact-bot/tact/strain"
)

func TestSecretFingerprintTellsSecretsApartWithoutShowingThem(t *testing.T) {
	a, b := []byte(strings.Repeat("a", 40)), []byte(strings.Repeat("b", 40))
	if !bytes.Equal(strain.SecretFingerprint(a), strain.SecretFingerprint(a)) {
		t.Error("one secret gave two fingerprints")
	}
	if bytes.Equal(strain.SecretFingerprint(a), strain.SecretFingerprint(b)) {
		t.Error("two secrets gave one fingerprint")
	}
	if bytes.Contains(strain.SecretFingerprint(a), a[:8]) {
		t.Error("the fingerprint shows the secret")
	}
}
