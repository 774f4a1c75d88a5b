package ledger

import (
	"sort"
	"strings"
)

// Match says how a client's name was recognised.
type Match string

const (
	MatchNone      Match = ""
	MatchExact     Match = "exact"
	MatchPrefix    Match = "prefix"
	MatchSubstring Match = "substring"
)

// closestCount is how many suggestions an unknown name gets.
const closestCount = 3

// maxNameWords bounds the leading run tried: an 80-rune name has at most
// 40 words.
const maxNameWords = MaxClientNameRunes / 2

// Resolution is the outcome of reading a client from a command's words.
// Exactly one of these holds: Client != nil (found); len(Ambiguous) > 0;
// Query != "" (unknown, see Closest); Query == "" (no words at all).
type Resolution struct {
	Client    *Client  // a copy of the matched client, nil if none
	Match     Match    // how Client was matched
	Query     string   // the words taken as the client's name, joined by spaces
	Consumed  int      // how many leading words Query took
	Rest      []string // the words after the client's name
	Ambiguous []string // names sharing the best match, when no single one won
	Closest   []string // nearest names by edit distance, when nothing matched
}

// Found reports whether a single client was recognised.
func (r Resolution) Found() bool { return r.Client != nil }

// Missing reports whether no client words were given at all.
func (r Resolution) Missing() bool { return r.Client == nil && r.Query == "" }

// IsAmbiguous reports whether several clients matched equally well.
func (r Resolution) IsAmbiguous() bool { return r.Client == nil && len(r.Ambiguous) > 0 }

// Unknown reports whether words were given but named no client.
func (r Resolution) Unknown() bool {
	return r.Client == nil && r.Query != "" && len(r.Ambiguous) == 0
}

// ResolveClient reads a client from the leading words of a command. Names
// need no quotes: the longest run of leading words that names exactly one
// client wins, and the remaining words are Rest. A run names a client by
// its exact name (see NameKey), else a unique prefix, else a unique
// substring. If no run names one client, the longest ambiguous run gives
// the candidates; failing that, Closest suggests the nearest names.
// The caller passes only the clients that may be named (e.g. not archived).
func ResolveClient(clients []Client, words []string) Resolution {
	if len(words) == 0 {
		return Resolution{}
	}
	keys := make([]string, len(clients))
	longest := 0
	for i, c := range clients {
		keys[i] = NameKey(c.Name)
		longest = max(longest, len(keys[i]))
	}
	var ambiguous Resolution
	for n := min(len(words), maxNameWords); n > 0; n-- {
		q := NameKey(strings.Join(words[:n], " "))
		if q == "" || len(q) > longest {
			continue
		}
		idx, m := matchName(keys, q)
		switch {
		case len(idx) == 1:
			c := clients[idx[0]]
			return taken(Resolution{Client: &c, Match: m}, words, n)
		case len(idx) > 1 && ambiguous.Consumed == 0:
			ambiguous = taken(Resolution{Ambiguous: names(clients, idx)}, words, n)
		}
	}
	if ambiguous.Consumed > 0 {
		return ambiguous
	}
	closest, n := closestAligned(clients, words)
	return taken(Resolution{Closest: closest}, words, n)
}

func taken(r Resolution, words []string, n int) Resolution {
	r.Consumed = n
	r.Query = strings.Join(words[:n], " ")
	r.Rest = append([]string(nil), words[n:]...)
	return r
}

// matchName returns the indexes matching q in the best tier that matches.
func matchName(keys []string, q string) ([]int, Match) {
	tiers := []struct {
		m  Match
		ok func(k string) bool
	}{
		{MatchExact, func(k string) bool { return k == q }},
		{MatchPrefix, func(k string) bool { return strings.HasPrefix(k, q) }},
		{MatchSubstring, func(k string) bool { return strings.Contains(k, q) }},
	}
	for _, t := range tiers {
		var idx []int
		for i, k := range keys {
			if t.ok(k) {
				idx = append(idx, i)
			}
		}
		if len(idx) > 0 {
			return idx, t.m
		}
	}
	return nil, MatchNone
}

func names(clients []Client, idx []int) []string {
	out := make([]string, len(idx))
	for i, j := range idx {
		out[i] = clients[j].Name
	}
	sort.Strings(out)
	return out
}

// closestAligned suggests names for unknown words. Each name is compared
// with the leading run of words that fits it best, and that run's length
// for the best suggestion is returned as the likely extent of the name.
func closestAligned(clients []Client, words []string) ([]string, int) {
	type scored struct {
		name string
		dist int
		n    int
	}
	queries := map[int][]rune{}
	query := func(n int) []rune {
		if q, ok := queries[n]; ok {
			return q
		}
		q := []rune(NameKey(strings.Join(words[:n], " ")))
		// Beyond twice the longest name the distance is just "far".
		q = q[:min(len(q), 2*MaxClientNameRunes)]
		queries[n] = q
		return q
	}
	all := make([]scored, 0, len(clients))
	for _, c := range clients {
		key := []rune(NameKey(c.Name))
		w := max(1, len(strings.Fields(string(key))))
		best := scored{name: c.Name, dist: -1}
		// A typo rarely adds or drops more than one word, so only runs of
		// about the name's length are compared.
		for n := max(1, w-1); n <= min(len(words), w+1); n++ {
			if d := levenshtein(query(n), key); best.dist < 0 || d < best.dist {
				best.dist, best.n = d, n
			}
		}
		if best.dist < 0 {
			best.dist, best.n = levenshtein(query(1), key), 1
		}
		all = append(all, best)
	}
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].dist != all[j].dist {
			return all[i].dist < all[j].dist
		}
		return all[i].name < all[j].name
	})
	if len(all) == 0 {
		return nil, 1
	}
	out := make([]string, 0, closestCount)
	for _, s := range all[:min(len(all), closestCount)] {
		out = append(out, s.name)
	}
	return out, all[0].n
}

// Closest returns up to n names nearest to query by edit distance over
// NameKey forms, nearest first, ties by name.
func Closest(names []string, query string, n int) []string {
	if n <= 0 || len(names) == 0 {
		return nil
	}
	q := []rune(NameKey(query))
	type scored struct {
		name string
		dist int
	}
	all := make([]scored, len(names))
	for i, name := range names {
		all[i] = scored{name, levenshtein(q, []rune(NameKey(name)))}
	}
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].dist != all[j].dist {
			return all[i].dist < all[j].dist
		}
		return all[i].name < all[j].name
	})
	out := make([]string, 0, min(n, len(all)))
	for _, s := range all[:min(n, len(all))] {
		out = append(out, s.name)
	}
	return out
}

// levenshtein is the edit distance between two rune strings.
func levenshtein(a, b []rune) int {
	if len(a) < len(b) {
		a, b = b, a
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
