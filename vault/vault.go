// Package vault seals the workspaces' Slack tokens for the database:
// AES-256-GCM under a key named by a short id, with the workspace's id as
// additional data, so a sealed token copied onto another workspace's row
// does not open. Older keys open what they sealed, so keys rotate without
// downtime: the bot re-seals every token under the current key at start.
package vault

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// KeySize is the length of an AES-256 key.
const KeySize = 32

const (
	version = 1
	idSize  = 4
	// header is the version byte and the key id before the nonce.
	header = 1 + idSize
)

// ErrUnsealable is a sealed value no key of the keyring opens: sealed
// under a key that was dropped, damaged, or moved to another workspace.
var ErrUnsealable = errors.New("vault: no key opens this token")

// Keyring is the current key, which seals, and older ones, which only open.
type Keyring struct {
	current keyed
	old     []keyed
}

type keyed struct {
	id   [idSize]byte
	aead cipher.AEAD
}

// New builds a keyring from the current key and the previous ones, each
// KeySize bytes.
func New(current []byte, previous ...[]byte) (*Keyring, error) {
	cur, err := newKeyed(current)
	if err != nil {
		return nil, fmt.Errorf("current key: %w", err)
	}
	k := &Keyring{current: cur}
	for i, p := range previous {
		old, err := newKeyed(p)
		if err != nil {
			return nil, fmt.Errorf("previous key %d: %w", i+1, err)
		}
		k.old = append(k.old, old)
	}
	return k, nil
}

// FromSecret derives the key from the server's secret with HKDF-SHA256,
// for deployments that set no key of their own.
func FromSecret(secret []byte) (*Keyring, error) {
	key, err := DeriveKey(secret)
	if err != nil {
		return nil, err
	}
	return New(key)
}

// DeriveKey is the key FromSecret uses.
func DeriveKey(secret []byte) ([]byte, error) {
	key, err := hkdf.Key(sha256.New, secret, nil, "tact slack token key v1", KeySize)
	if err != nil {
		return nil, fmt.Errorf("deriving the token key: %w", err)
	}
	return key, nil
}

// ParseKey reads a key written as 64 hex digits or as base64 of 32 bytes
// (`openssl rand -hex 32` or `openssl rand -base64 32`).
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if b, err := hex.DecodeString(s); err == nil && len(b) == KeySize {
		return b, nil
	}
	if b, err := base64.StdEncoding.DecodeString(s); err == nil && len(b) == KeySize {
		return b, nil
	}
	return nil, errors.New("a key is 32 random bytes written as 64 hex digits or in base64")
}

func newKeyed(key []byte) (keyed, error) {
	if len(key) != KeySize {
		return keyed{}, fmt.Errorf("%d bytes, want %d", len(key), KeySize)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return keyed{}, fmt.Errorf("aes: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return keyed{}, fmt.Errorf("gcm: %w", err)
	}
	// The id names the key without revealing it: a hash of a derived value.
	sum := sha256.Sum256(append([]byte("tact key id:"), key...))
	k := keyed{aead: aead}
	copy(k.id[:], sum[:idSize])
	return k, nil
}

// Seal encrypts plain for the workspace named by aad.
func (k *Keyring) Seal(plain, aad string) []byte {
	out := make([]byte, header, header+k.current.aead.NonceSize()+len(plain)+k.current.aead.Overhead())
	out[0] = version
	copy(out[1:header], k.current.id[:])
	nonce := make([]byte, k.current.aead.NonceSize())
	_, _ = rand.Read(nonce) // crypto/rand never fails on supported platforms
	out = append(out, nonce...)
	return k.current.aead.Seal(out, nonce, []byte(plain), []byte(aad))
}

// Open decrypts what Seal sealed for aad, under any key of the keyring.
func (k *Keyring) Open(sealed []byte, aad string) (string, error) {
	key, ok := k.keyOf(sealed)
	if !ok {
		return "", ErrUnsealable
	}
	n := key.aead.NonceSize()
	if len(sealed) < header+n+key.aead.Overhead() {
		return "", ErrUnsealable
	}
	plain, err := key.aead.Open(nil, sealed[header:header+n], sealed[header+n:], []byte(aad))
	if err != nil {
		return "", ErrUnsealable
	}
	return string(plain), nil
}

// Current reports whether sealed was sealed under the current key (else
// it should be sealed again).
func (k *Keyring) Current(sealed []byte) bool {
	key, ok := k.keyOf(sealed)
	return ok && key.id == k.current.id
}

func (k *Keyring) keyOf(sealed []byte) (keyed, bool) {
	if len(sealed) < header || sealed[0] != version {
		return keyed{}, false
	}
	for _, key := range append([]keyed{k.current}, k.old...) {
		if string(key.id[:]) == string(sealed[1:header]) {
			return key, true
		}
	}
	return keyed{}, false
}
