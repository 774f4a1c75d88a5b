package imports

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// bom is UTF-8's byte order mark, which Excel-friendly exports start with.
const bom = "\xef\xbb\xbf"

// sniffBytes is how much of a file is read to tell its shape.
const sniffBytes = 64 << 10

// newCSV wraps r in a CSV reader for the file's separator (comma or
// semicolon, whichever the header line has more of), past a BOM. A file
// that is binary or not UTF-8 is refused.
func newCSV(r io.Reader) (*csv.Reader, error) {
	br := bufio.NewReaderSize(r, sniffBytes)
	head, err := br.Peek(sniffBytes)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, fmt.Errorf("reading the file: %w", err)
	}
	if len(bytes.TrimSpace(head)) == 0 {
		return nil, ErrEmpty
	}
	if bytes.HasPrefix(head, []byte(bom)) {
		_, _ = br.Discard(len(bom))
		head = head[len(bom):]
	}
	if !looksText(head) {
		return nil, ErrNotCSV
	}
	line, _, _ := bytes.Cut(head, []byte("\n"))
	c := csv.NewReader(br)
	c.Comma = ','
	if bytes.Count(line, []byte(";")) > bytes.Count(line, []byte(",")) {
		c.Comma = ';'
	}
	c.FieldsPerRecord = -1
	c.LazyQuotes = true
	c.ReuseRecord = true
	return c, nil
}

// looksText reports whether a file's start is UTF-8 text: no NUL bytes (a
// spreadsheet, an image), valid UTF-8 but for a character the sniffing
// window cut in two at its end.
func looksText(head []byte) bool {
	if bytes.IndexByte(head, 0) >= 0 {
		return false
	}
	if len(head) == sniffBytes {
		for i := 1; i <= utf8.UTFMax && i <= len(head); i++ {
			if tail := head[len(head)-i:]; utf8.RuneStart(tail[0]) {
				if !utf8.FullRune(tail) {
					head = head[:len(head)-i]
				}
				break
			}
		}
	}
	return utf8.Valid(head)
}

// header maps normalised column names to their index.
type header struct {
	names []string // as in the file
	index map[string]int
}

func newHeader(record []string) header {
	h := header{names: slices.Clone(record), index: map[string]int{}}
	for i, n := range record {
		key := normName(n)
		if _, dup := h.index[key]; !dup {
			h.index[key] = i
		}
	}
	return h
}

// normName folds a column name: case, spaces, Xero's leading asterisks.
func normName(s string) string {
	return strings.ToLower(strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(s), "*")))
}

func (h header) has(names ...string) bool {
	for _, n := range names {
		if _, ok := h.index[n]; !ok {
			return false
		}
	}
	return true
}

// detect tells the format by the columns only that export has.
func detect(h header) (Format, bool) {
	switch {
	case h.has("date", "client", "task", "hours", "first name", "last name"):
		return Harvest, true
	case h.has("user", "email", "client", "start date", "duration") && !h.has("duration (decimal)"):
		return Toggl, true
	case h.has("client", "user", "email", "start date", "duration (decimal)"):
		return Clockify, true
	case h.has("contactname", "invoicenumber", "invoicedate", "duedate", "total"):
		return Xero, true
	case h.has("date", "transaction type", "no.", "customer", "due date", "amount", "open balance"):
		return QuickBooks, true
	case h.has("id", "amount due", "amount remaining", "customer name", "date (utc)", "total"):
		return Stripe, true
	}
	return "", false
}
