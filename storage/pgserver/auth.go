package pgserver

import (
	"bufio"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/lib/pq"
)

// The superuser logs in with a password (SCRAM-SHA-256) even over the private
// socket: should the socket directory ever be reachable by someone else, the
// socket alone grants nothing.

// hbaRules is the whole pg_hba.conf: socket connections, SCRAM only (there is
// no TCP listener).
const hbaRules = "local all all scram-sha-256"

// passwordPath is the password file, in libpq's format so that
// `PGPASSFILE=data/pgpass pg_dump …` works.
func (s *Server) passwordPath() string { return filepath.Join(s.dataDir, "pgpass") }

// loadPassword reads the password file, creating it with a new random
// password when missing. It exists before the cluster does, so a cluster we
// initialised never lacks its password.
func (s *Server) loadPassword() error {
	pw, err := readPassword(s.passwordPath())
	if errors.Is(err, os.ErrNotExist) {
		pw, err = s.writeNewPassword()
	}
	if err != nil {
		return err
	}
	s.password = pw
	return nil
}

func (s *Server) writeNewPassword() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("generating the database password: %w", err)
	}
	pw := hex.EncodeToString(b)
	// O_EXCL: a concurrent start that wrote first wins, and we read its file.
	f, err := openNoFollow(s.passwordPath(), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if errors.Is(err, os.ErrExist) {
		return readPassword(s.passwordPath())
	}
	if err != nil {
		return "", fmt.Errorf("creating the password file: %w", err)
	}
	_, err = fmt.Fprintf(f, "*:*:*:%s:%s\n", UserName, pw)
	if err = errors.Join(err, f.Sync(), f.Close()); err != nil {
		return "", fmt.Errorf("writing the password file: %w", err)
	}
	return pw, nil
}

// readPassword returns the password from a pgpass line for UserName, refusing
// a file others could read.
func readPassword(path string) (string, error) {
	f, err := openNoFollow(path, os.O_RDONLY, 0)
	if err != nil {
		return "", err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return "", err
	}
	if info.Mode().Perm()&0o077 != 0 {
		return "", fmt.Errorf("%s is readable by others (mode %04o): chmod 600 it", path, info.Mode().Perm())
	}
	sc := bufio.NewScanner(io.LimitReader(f, 4096))
	for sc.Scan() {
		if pw, ok := strings.CutPrefix(sc.Text(), "*:*:*:"+UserName+":"); ok && pw != "" {
			return pw, nil
		}
	}
	return "", fmt.Errorf("%s holds no password for %s: remove it only if the cluster is new", path, UserName)
}

// passwordInput returns a pipe initdb reads the password from as
// --pwfile=/dev/stdin. Reopening /dev/stdin checks the pipe's owner, so the
// pipe is handed to the server's user. The password never appears in argv
// or the environment.
func (s *Server) passwordInput() (*os.File, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("creating password pipe: %w", err)
	}
	if err := s.user.handOverFile(r); err != nil {
		r.Close()
		w.Close()
		return nil, err
	}
	// A pipe buffer holds far more than one line: this does not block.
	_, err = fmt.Fprintln(w, s.password)
	if err = errors.Join(err, w.Close()); err != nil {
		r.Close()
		return nil, fmt.Errorf("writing password pipe: %w", err)
	}
	return r, nil
}

// hardenAuth upgrades a cluster an earlier version initialised with trust
// authentication: it sets the password, then (so we are never locked out)
// has the server rewrite its own pg_hba.conf (the file is the server's user's,
// so the server, not root, writes it) and reload. Idempotent: a start
// interrupted half-way repeats it.
func (s *Server) hardenAuth(ctx context.Context) error {
	db, err := sql.Open("postgres", s.dsn("postgres"))
	if err != nil {
		return fmt.Errorf("connecting to check authentication: %w", err)
	}
	defer db.Close()
	var weak int
	if err := db.QueryRowContext(ctx,
		`SELECT count(*) FROM pg_hba_file_rules WHERE auth_method IS DISTINCT FROM 'scram-sha-256'`).Scan(&weak); err != nil {
		return fmt.Errorf("checking pg_hba.conf: %w", err)
	}
	if weak == 0 {
		return nil
	}
	s.log.Warn("switching the embedded PostgreSQL from trust to password authentication")
	stmts := []string{
		"SET password_encryption = 'scram-sha-256'",
		"ALTER ROLE " + pq.QuoteIdentifier(UserName) + " PASSWORD " + pq.QuoteLiteral(s.password),
		"COPY (SELECT " + pq.QuoteLiteral(hbaRules) + ") TO " + pq.QuoteLiteral(filepath.Join(s.clusterDir, "pg_hba.conf")),
		"SELECT pg_reload_conf()",
	}
	conn, err := db.Conn(ctx) // SET must hold for the ALTER
	if err != nil {
		return fmt.Errorf("connecting to switch authentication: %w", err)
	}
	defer conn.Close()
	for _, q := range stmts {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("switching to password authentication: %w", err)
		}
	}
	return nil
}
