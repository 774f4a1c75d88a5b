package digest

import (
	"cmp"
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/tact-bot/tact/ledger"
)

// Report is a team's week: every client that is not archived, flagged
// first, each group by health (worst first), and the team's totals.
type Report struct {
	Week    Week
	Clients []ClientFigures
	Team    Team
	// Medians are across all the clients in the report; each client's
	// Others leaves the client itself out.
	Medians Comparison
}

// Team sums the clients' week. Revenue counts clients with revenue set;
// Margin is Revenue − Cost over all clients. Unrated lists, sorted,
// departments whose time went uncosted for any client.
type Team struct {
	Minutes int
	Cost    int64
	Revenue int64
	Margin  int64
	Unrated []string
	Flagged int // clients with at least one flag
	// Recent sums the clients' windows: revenue of those with revenue,
	// and minutes.
	RecentRevenue int64
	RecentMinutes int
	// ItIsUs is set when most clients are unhappy at once: the problem
	// may be ours before it is any one client's.
	ItIsUs *TeamSignal
}

// Build computes the week's figures. It runs in time linear in the entries
// and incidents plus a sort of the clients.
func Build(in Input) Report {
	rates := newRateBook(in.Rates)
	startNum := dayNumber(in.Week.Start)
	days := through(in)
	r := Report{Week: in.Week, Clients: make([]ClientFigures, 0, len(in.Clients))}
	for i := range in.Clients {
		c := &in.Clients[i]
		if c.Status == ledger.StatusArchived {
			continue
		}
		r.Clients = append(r.Clients, clientFigures(c, in.Week, days, startNum, rates))
	}
	r.Medians = compare(r.Clients, in.Settings)
	slices.SortFunc(r.Clients, byHealth)
	r.Team = totals(r.Clients)
	r.Team.RecentRevenue, r.Team.RecentMinutes = shareOf(r.Clients)
	r.Team.ItIsUs = itIsUs(r.Clients, r.Medians)
	return r
}

// Client finds a client's figures by id.
func (r *Report) Client(id int64) (ClientFigures, bool) {
	for _, c := range r.Clients {
		if c.ClientID == id {
			return c, true
		}
	}
	return ClientFigures{}, false
}

// byHealth puts flagged clients first, then ranks by health score, worst
// first; ties go to the heavier flags, the lower margin (the most money
// lost), then name and id so the order is stable from week to week.
func byHealth(a, b ClientFigures) int {
	return cmp.Or(
		cmp.Compare(min(len(b.Flags), 1), min(len(a.Flags), 1)),
		cmp.Compare(a.Health.Score, b.Health.Score),
		cmp.Compare(b.Risk, a.Risk),
		cmp.Compare(len(b.Flags), len(a.Flags)),
		cmp.Compare(len(b.Flags), len(a.Flags)),
		cmp.Compare(a.Margin, b.Margin),
		compareFold(a.Name, b.Name),
		cmp.Compare(a.ClientID, b.ClientID),
	)
}

func totals(clients []ClientFigures) Team {
	var t Team
	unrated := map[string]bool{}
	for _, c := range clients {
		t.Minutes += c.Minutes
		t.Cost = addSat(t.Cost, c.Cost)
		t.Revenue = addSat(t.Revenue, c.Revenue)
		for _, d := range c.Unrated {
			unrated[d] = true
		}
		if c.Flagged() {
			t.Flagged++
		}
	}
	t.Margin = addSat(t.Revenue, -t.Cost)
	for d := range unrated {
		t.Unrated = append(t.Unrated, d)
	}
	slices.Sort(t.Unrated)
	return t
}

// compareFold orders names ignoring case, without allocating (the sort
// compares names often when many clients tie on margin).
func compareFold(a, b string) int {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if c := cmp.Compare(unicode.ToLower(ra), unicode.ToLower(rb)); c != 0 {
			return c
		}
		a, b = a[na:], b[nb:]
	}
	return cmp.Compare(len(a), len(b))
}
