package dialogs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/imports"
	"github.com/tact-bot/tact/locale"
)

// An export comes from Slack as a shared file: files.info says what it is,
// its url_private gives the bytes to the bot token. It is copied to a
// temporary file, so the preview and the import read it streaming, in
// bounded memory, as often as they need.

// Why a file could not be read, beyond the imports package's reasons.
var (
	errFileGone     = errors.New("the file is gone")
	errFileTooLarge = errors.New("the file is too large")
	errDownload     = errors.New("the download failed")
)

// exportFile is a downloaded export: its name and a copy on disk.
type exportFile struct {
	Name string
	f    *os.File
	// mapping reads a generic file; nil for a known export.
	mapping *imports.Mapping
}

// Close removes the copy.
func (e *exportFile) Close() {
	name := e.f.Name()
	_ = e.f.Close()
	_ = os.Remove(name)
}

// Reader reads the export from its start.
func (e *exportFile) Reader(currency string) (*imports.Reader, error) {
	if _, err := e.f.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("rewinding %s: %w", e.Name, err)
	}
	if e.mapping != nil {
		return imports.NewMappedReader(e.f, locale.MinorDigits(currency), *e.mapping)
	}
	return imports.NewReader(e.f, locale.MinorDigits(currency))
}

// Header reads the file's header row.
func (e *exportFile) Header() (imports.Header, error) {
	if _, err := e.f.Seek(0, io.SeekStart); err != nil {
		return imports.Header{}, fmt.Errorf("rewinding %s: %w", e.Name, err)
	}
	return imports.ReadHeader(e.f)
}

// fetchExport downloads a shared file once: a failure is reported, not
// retried (the client's own retries cover a dropped connection).
func fetchExport(ctx context.Context, api *bot.Client, fileID string) (*exportFile, error) {
	info, _, _, err := api.GetFileInfoContext(ctx, fileID, 0, 0)
	if err != nil {
		if code := err.Error(); code == "file_not_found" || code == "file_deleted" {
			return nil, fmt.Errorf("%w: %v", errFileGone, err)
		}
		return nil, fmt.Errorf("%w: files.info: %v", errDownload, err)
	}
	if info.Size > imports.MaxFileBytes {
		return nil, errFileTooLarge
	}
	f, err := os.CreateTemp("", "tact-import-*.csv")
	if err != nil {
		return nil, fmt.Errorf("making room for %s: %w", info.Name, err)
	}
	e := &exportFile{Name: info.Name, f: f}
	url := info.URLPrivateDownload
	if url == "" {
		url = info.URLPrivate
	}
	w := &limitedWriter{w: f, left: imports.MaxFileBytes}
	if err := api.GetFileContext(ctx, url, w); err != nil {
		e.Close()
		if w.over {
			return nil, errFileTooLarge
		}
		return nil, fmt.Errorf("%w: %v", errDownload, err)
	}
	if err := e.checkNotSignIn(); err != nil {
		e.Close()
		return nil, err
	}
	return e, nil
}

// checkNotSignIn refuses Slack's sign-in page, which url_private serves
// with status 200 to a request it does not accept.
func (e *exportFile) checkNotSignIn() error {
	head := make([]byte, 64)
	n, _ := e.f.ReadAt(head, 0)
	start := bytes.ToLower(bytes.TrimSpace(head[:n]))
	if bytes.HasPrefix(start, []byte("<!doctype html")) || bytes.HasPrefix(start, []byte("<html")) {
		return fmt.Errorf("%w: Slack answered with a web page", errDownload)
	}
	return nil
}

// limitedWriter stops a download past the largest file read.
type limitedWriter struct {
	w    io.Writer
	left int64
	over bool
}

func (l *limitedWriter) Write(p []byte) (int, error) {
	if int64(len(p)) > l.left {
		l.over = true
		return 0, errFileTooLarge
	}
	l.left -= int64(len(p))
	return l.w.Write(p)
}

// fileProblem is the catalogue id and data saying what is wrong with a
// whole file, in the person's words.
func fileProblem(p *locale.Printer, name string, err error) string {
	data := map[string]any{"File": noMarkup(name), "MaxMB": imports.MaxFileBytes >> 20}
	switch {
	case errors.Is(err, errFileGone):
		return p.T("import.file.gone", data)
	case errors.Is(err, errFileTooLarge):
		return p.T("import.file.too_large", data)
	case errors.Is(err, errDownload):
		return p.T("import.file.download", data)
	case errors.Is(err, imports.ErrEmpty):
		return p.T("import.file.empty", data)
	case errors.Is(err, imports.ErrNotCSV):
		return p.T("import.file.not_csv", data)
	case errors.Is(err, imports.ErrUnknownFormat):
		return p.T("import.file.unknown", data)
	}
	return p.T("import.file.unreadable", data)
}
