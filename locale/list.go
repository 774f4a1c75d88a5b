package locale

import "strings"

// List joins items with the language's "and", without a serial comma:
// en "a, b and c", ru "a, b и c".
func (p *Printer) List(items []string) string {
	return join(items, p.conv.and)
}

// ListOr joins alternatives: en "a, b or c", ru "a, b или c".
func (p *Printer) ListOr(items []string) string {
	return join(items, p.conv.or)
}

func join(items []string, conj string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	last := len(items) - 1
	return strings.Join(items[:last], ", ") + " " + conj + " " + items[last]
}
