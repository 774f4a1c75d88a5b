package storagetest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"

	"github.com/peterldowns/pgtestdb"
	"github.com/peterldowns/pgtestdb/migrators/common"

	"github.com/tact-bot/tact/storage"
)

// migratorVersion changes the template hash when the way templates are
// migrated changes, even if the migration files do not.
const migratorVersion = "tact-goose-1"

// migrator builds template databases with storage's own Migrate, so tests
// run against exactly the schema production gets.
type migrator struct{}

var _ pgtestdb.Migrator = migrator{}

// Hash fingerprints the embedded migration files, names included (goose
// orders them by name).
func (migrator) Hash() (string, error) {
	files := storage.Migrations()
	hash := common.NewRecursiveHash(common.Field("migrator", migratorVersion))
	err := fs.WalkDir(files, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		contents, err := fs.ReadFile(files, path)
		if err != nil {
			return err
		}
		hash.AddField(path, string(contents))
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("hashing migrations: %w", err)
	}
	return hash.String(), nil
}

// Migrate runs the migrations on the new template database. pgtestdb's own
// connection is left alone; ours is closed before the template gets cloned.
func (migrator) Migrate(ctx context.Context, _ *sql.DB, conf pgtestdb.Config) error {
	db, err := storage.Open(ctx, conf.URL(), slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	if err := db.Migrate(ctx); err != nil {
		return errors.Join(err, db.Close())
	}
	return db.Close()
}
