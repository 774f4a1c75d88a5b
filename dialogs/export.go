package dialogs

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/storage"
)

// Exports go to the manager's DM as CSV files with a summary; above
// zipAbove bytes in all, as one zip. The files are written to a temporary
// folder first, streaming, so nothing is held in memory.

// zipAbove is the size from which an export is sent zipped.
const zipAbove = 1 << 20

// exportDeadline bounds an export: a large workspace is more than a
// handler's usual deadline.
const exportDeadline = 5 * time.Minute

// Export sends the workspace's data (clientID 0) or one client's, named
// label, to the manager's DM.
func (d *Dialogs) Export(ctx context.Context, r *bot.Request, clientID int64, label string) error {
	p := d.Catalog.For(r.Lang)
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), exportDeadline)
	defer cancel()
	dir, err := os.MkdirTemp("", "tact-export-*")
	if err != nil {
		return fmt.Errorf("making room for the export: %w", err)
	}
	defer os.RemoveAll(dir)
	var open []*os.File
	files, err := d.DB.Export(ctx, deliveryOf(r), clientID, d.Currency, func(name string) (io.Writer, error) {
		f, err := os.Create(filepath.Join(dir, name))
		open = append(open, f)
		return f, err
	})
	for _, f := range open {
		if f != nil {
			_ = f.Close()
		}
	}
	if err != nil {
		return err
	}
	ch, _, _, err := r.API.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{r.UserID}})
	if err != nil {
		return fmt.Errorf("opening the DM for the export: %w", err)
	}
	day := d.Today().Format(time.DateOnly)
	var parts []string
	for _, f := range files {
		parts = append(parts, p.T("export.file", map[string]any{"Name": f.Name, "Rows": p.N("import.rows", f.Rows)}))
	}
	text := p.T("export.summary", map[string]any{"What": label, "Day": day, "Files": strings.Join(parts, ", ")})
	if _, err := r.API.Post(ctx, ch.ID, bot.Message{Text: text}); err != nil {
		return fmt.Errorf("posting the export's summary: %w", err)
	}
	paths, err := exportUploads(dir, files, "tact-export-"+day+".zip")
	if err != nil {
		return err
	}
	for _, path := range paths {
		if err := uploadFile(ctx, r.API, ch.ID, path); err != nil {
			return err
		}
	}
	return nil
}

// exportUploads are the files to send: the CSVs, or one zip of them when
// they are large.
func exportUploads(dir string, files []storage.ExportFile, zipName string) ([]string, error) {
	var total int64
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = filepath.Join(dir, f.Name)
		info, err := os.Stat(paths[i])
		if err != nil {
			return nil, fmt.Errorf("reading the export: %w", err)
		}
		total += info.Size()
	}
	if total <= zipAbove {
		return paths, nil
	}
	zipPath := filepath.Join(dir, zipName)
	if err := zipFiles(zipPath, paths); err != nil {
		return nil, err
	}
	return []string{zipPath}, nil
}

// zipFiles writes paths into one zip, streaming each.
func zipFiles(zipPath string, paths []string) error {
	out, err := os.Create(zipPath)
	if err != nil {
		return fmt.Errorf("zipping the export: %w", err)
	}
	defer out.Close()
	zw := zip.NewWriter(out)
	for _, path := range paths {
		if err := addToZip(zw, path); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("zipping the export: %w", err)
	}
	return out.Close()
}

func addToZip(zw *zip.Writer, path string) error {
	in, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("zipping the export: %w", err)
	}
	defer in.Close()
	w, err := zw.Create(filepath.Base(path))
	if err != nil {
		return fmt.Errorf("zipping the export: %w", err)
	}
	if _, err := io.Copy(w, in); err != nil {
		return fmt.Errorf("zipping the export: %w", err)
	}
	return nil
}

// uploadFile sends a file on disk into a channel (files v2).
func uploadFile(ctx context.Context, api *bot.Client, channel, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("reading %s: %w", filepath.Base(path), err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return fmt.Errorf("reading %s: %w", filepath.Base(path), err)
	}
	_, err = api.UploadFileContext(ctx, slack.UploadFileParameters{
		Reader: f, FileSize: int(info.Size()), Filename: filepath.Base(path), Title: filepath.Base(path), Channel: channel,
	})
	if err != nil {
		return fmt.Errorf("uploading %s: %w", filepath.Base(path), err)
	}
	return nil
}
