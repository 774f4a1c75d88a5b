package strain

import (
	"crypto/hmac"
	"crypto/sha256"
)

// fingerprintLabel is what the secret's fingerprint is an HMAC of: a fixed
// label, so the fingerprint proves which secret it was without revealing
// it or any vote key.
const fingerprintLabel = "tact: secret fingerprint v1"

// SecretFingerprint tells secrets apart without revealing them: a start
// with another secret than the database's is refused by it.
func SecretFingerprint(secret []byte) []byte {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(fingerprintLabel))
	return mac.Sum(nil)
}
