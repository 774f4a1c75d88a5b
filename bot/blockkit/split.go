package blockkit

import (
	"strings"
	"unicode/utf8"
)

// Split cuts text that must be kept whole (drafts, checklists) into pieces
// of at most limit, as measure counts them (measure must add up over
// lines): at line ends, or between characters for a line longer than a
// piece. The line ends cut at are dropped; blank pieces are left out.
func Split(s string, limit int, measure func(string) int) []string {
	s = strings.Trim(s, "\n ")
	if s == "" {
		return nil
	}
	var lines []string
	for _, line := range strings.Split(s, "\n") {
		for measure(line) > limit {
			head := fitRunes(line, limit, measure)
			lines = append(lines, head)
			line = line[len(head):]
		}
		lines = append(lines, line)
	}
	groups, _ := pack(lines, limit, len(lines), measure)
	var out []string
	for _, g := range groups {
		if text := strings.Trim(strings.Join(g, "\n"), "\n"); text != "" {
			out = append(out, text)
		}
	}
	return out
}

// fitRunes is the longest start of line that fits in limit (at least one
// character).
func fitRunes(line string, limit int, measure func(string) int) string {
	used, end := 0, 0
	for i, r := range line {
		n := measure(string(r))
		if used+n > limit && i > 0 {
			break
		}
		used += n
		end = i + utf8.RuneLen(r)
	}
	return line[:end]
}
