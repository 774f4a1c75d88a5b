package storage_test

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/tact-bot/tact/storage/storagetest"
)

// Concurrent first starts with different secrets all read back one
// fingerprint, and a later start reads the same one.
func TestSecretFingerprintFirstStartWins(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storagetest.New(t)
	const racers = 8
	got := make([][]byte, racers)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range racers {
		wg.Go(func() {
			<-start
			fp, err := db.SecretFingerprint(ctx, []byte(fmt.Sprintf("fingerprint-%d", i)))
			if err != nil {
				t.Error(err)
			}
			got[i] = fp
		})
	}
	close(start)
	wg.Wait()
	for i := range got {
		if !bytes.Equal(got[i], got[0]) || len(got[0]) == 0 {
			t.Fatalf("racer %d read %q, racer 0 %q", i, got[i], got[0])
		}
	}
	later, err := db.SecretFingerprint(ctx, []byte("another"))
	if err != nil || !bytes.Equal(later, got[0]) {
		t.Fatalf("a later start read %q, %v; want the first start's %q", later, err, got[0])
	}
	var rows int
	if err := db.X().Get(&rows, `SELECT count(*) FROM secret_fingerprint`); err != nil || rows != 1 {
		t.Fatalf("%d fingerprint rows, %v", rows, err)
	}
}
