package commands

import (
	"github.com/tact-bot/tact/locale"
)

// New builds the product's command set.
func New(cat *locale.Catalog) *Set {
	s := &Set{Catalog: cat}
	s.Commands = []Command{s.tactCommand()}
	return s
}
