package vault_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/tact-bot/tact/vault"
)

func key(b byte) []byte { return bytes.Repeat([]byte{b}, vault.KeySize) }

func TestSealOpensOnlyForItsWorkspace(t *testing.T) {
	k, err := vault.New(key(1))
	if err != nil {
		t.Fatal(err)
	}
	const token = "xoxb-1234-secret"
	sealed := k.Seal(token, "T1")
	if bytes.Contains(sealed, []byte(token)) || bytes.Contains(sealed, []byte("secret")) {
		t.Fatalf("sealed value holds the token in clear: %q", sealed)
	}
	if got, err := k.Open(sealed, "T1"); err != nil || got != token {
		t.Fatalf("Open = %q, %v", got, err)
	}
	if _, err := k.Open(sealed, "T2"); !errors.Is(err, vault.ErrUnsealable) {
		t.Fatalf("opened for another workspace: %v", err)
	}
	if bytes.Equal(sealed, k.Seal(token, "T1")) {
		t.Fatal("two seals of one token are equal: the nonce is not fresh")
	}
	damaged := bytes.Clone(sealed)
	damaged[len(damaged)-1] ^= 1
	if _, err := k.Open(damaged, "T1"); !errors.Is(err, vault.ErrUnsealable) {
		t.Fatalf("a damaged token opened: %v", err)
	}
}

func TestRotation(t *testing.T) {
	old, _ := vault.New(key(1))
	sealed := old.Seal("xoxb-old", "T1")
	rotated, err := vault.New(key(2), key(1))
	if err != nil {
		t.Fatal(err)
	}
	if rotated.Current(sealed) {
		t.Fatal("a token sealed under the previous key counts as current")
	}
	if got, err := rotated.Open(sealed, "T1"); err != nil || got != "xoxb-old" {
		t.Fatalf("the previous key no longer opens: %q %v", got, err)
	}
	resealed := rotated.Seal("xoxb-old", "T1")
	if !rotated.Current(resealed) {
		t.Fatal("a fresh seal is not current")
	}
	dropped, _ := vault.New(key(2))
	if _, err := dropped.Open(sealed, "T1"); !errors.Is(err, vault.ErrUnsealable) {
		t.Fatalf("a dropped key still opens: %v", err)
	}
}

func TestFromSecretIsStable(t *testing.T) {
	a, _ := vault.FromSecret([]byte("test-secret-0123456789abcdef0123456789abcdef"))
	b, _ := vault.FromSecret([]byte("test-secret-0123456789abcdef0123456789abcdef"))
	c, _ := vault.FromSecret([]byte("another-secret-0123456789abcdef0123456789ab"))
	sealed := a.Seal("xoxb-1", "T1")
	if got, err := b.Open(sealed, "T1"); err != nil || got != "xoxb-1" {
		t.Fatalf("the same secret derives another key: %v", err)
	}
	if _, err := c.Open(sealed, "T1"); err == nil {
		t.Fatal("another secret opens the token")
	}
}

func TestParseKey(t *testing.T) {
	hexKey := strings.Repeat("ab", 32)
	if k, err := vault.ParseKey(hexKey); err != nil || len(k) != vault.KeySize {
		t.Fatalf("hex: %v", err)
	}
	if k, err := vault.ParseKey("q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s="); err != nil || len(k) != vault.KeySize {
		t.Fatalf("base64: %v", err)
	}
	for _, bad := range []string{"", "short", strings.Repeat("ab", 31), strings.Repeat("zz", 32)} {
		if _, err := vault.ParseKey(bad); err == nil {
			t.Errorf("ParseKey(%q) accepted", bad)
		}
	}
}

func FuzzOpen(f *testing.F) {
	k, _ := vault.New(key(1))
	f.Add(k.Seal("xoxb-1", "T1"))
	f.Add([]byte{1, 2, 3})
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = k.Open(b, "T1") // never panics
		_ = k.Current(b)
	})
}
