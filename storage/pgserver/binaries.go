package pgserver

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// ErrNoBinaries is returned when no PostgreSQL server installation is found.
var ErrNoBinaries = errors.New("PostgreSQL server binaries not found: install them " +
	"(e.g. `apt-get install postgresql`, `brew install postgresql`) or set DATABASE_URL")

// FindBinaries returns the directory holding initdb, pg_ctl and postgres,
// looking in PATH first, then in the usual Debian and Homebrew locations
// (highest version first). Symlinks are resolved, so a PATH entry linking into
// /usr/lib/postgresql/15/bin yields that directory.
func FindBinaries() (binDir string, err error) {
	for _, dir := range candidateDirs() {
		if resolved, ok := completeInstall(dir); ok {
			return resolved, nil
		}
	}
	return "", ErrNoBinaries
}

func candidateDirs() []string {
	var dirs []string
	if p, err := exec.LookPath("initdb"); err == nil {
		dirs = append(dirs, filepath.Dir(p))
	}
	dirs = append(dirs, globByVersion("/usr/lib/postgresql/*/bin")...)
	dirs = append(dirs, globByVersion("/opt/homebrew/opt/postgresql*/bin")...)
	dirs = append(dirs, globByVersion("/usr/local/opt/postgresql*/bin")...)
	return append(dirs, "/opt/homebrew/bin", "/usr/local/bin")
}

// completeInstall reports whether dir holds every binary we run, and the
// directory initdb really lives in. They must share it: initdb and pg_ctl find
// the server binary next to themselves.
func completeInstall(dir string) (string, bool) {
	initdb, err := filepath.EvalSymlinks(filepath.Join(dir, "initdb"))
	if err != nil {
		return "", false
	}
	real := filepath.Dir(initdb)
	for _, name := range [...]string{"initdb", "pg_ctl", "postgres"} {
		info, err := os.Stat(filepath.Join(real, name))
		if err != nil || info.IsDir() || info.Mode().Perm()&0o111 == 0 {
			return "", false
		}
	}
	return real, true
}

// globByVersion expands pattern and orders matches by the version numbers in
// their paths, highest first ("16" before "9.6", "postgresql@17" before "@14").
func globByVersion(pattern string) []string {
	matches, _ := filepath.Glob(pattern) // only fails on a malformed pattern
	slices.SortStableFunc(matches, func(a, b string) int {
		return -slices.Compare(versionOf(a), versionOf(b))
	})
	return matches
}

// versionOf returns the runs of digits in path as numbers.
func versionOf(path string) []int {
	numbers := strings.FieldsFunc(path, func(r rune) bool { return r < '0' || r > '9' })
	v := make([]int, 0, len(numbers))
	for _, d := range numbers {
		n, _ := strconv.Atoi(d) // digits only; an overflow merely misorders
		v = append(v, n)
	}
	return v
}
