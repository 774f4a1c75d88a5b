package commands

import (
	"strings"
)

// oneLine folds a multi-line text into one line for a list.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
