package digest_test

import (
	"fmt"
	"testing"

	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/ledger"
)

func incidents(n int) []digest.IncidentFact {
	var in []digest.IncidentFact
	for range n {
		in = append(in, incident(ledger.Complaints, "2024-03-12"))
	}
	return in
}

func build(clients []digest.ClientInput) digest.Report {
	for i := range clients {
		clients[i].ClientID = int64(i + 1)
		if clients[i].Status == "" {
			clients[i].Status = ledger.StatusActive
		}
	}
	return digest.Build(digest.Input{Week: march11, Clients: clients})
}

// withPeers is the client "Target", set from own, then one client "Other i"
// for each of others.
func withPeers[T any](own T, others []T, set func(*digest.ClientInput, T)) []digest.ClientInput {
	clients := []digest.ClientInput{{Name: "Target"}}
	set(&clients[0], own)
	for i, v := range others {
		c := digest.ClientInput{Name: fmt.Sprintf("Other %d", i)}
		set(&c, v)
		clients = append(clients, c)
	}
	return clients
}

func target(t *testing.T, r digest.Report) digest.ClientFigures {
	t.Helper()
	f, ok := r.Client(1)
	if !ok {
		t.Fatal("client 1 missing from the report")
	}
	return f
}

func TestStandsOutIncidents(t *testing.T) {
	tests := []struct {
		name   string
		own    int
		others []int
		on     bool
		median float64
	}{
		{"one other client", 9, []int{0}, false, 0},
		{"twice the median of two", 4, []int{1, 2}, true, 1.5}, // 4 ≥ 2 × 1.5
		{"exactly twice", 4, []int{2, 2}, true, 2},
		{"just under twice", 4, []int{2, 3}, false, 2.5}, // 4 < 5
		{"others have none, three is enough", 3, []int{0, 0, 0}, true, 0},
		{"others have none, two is too few", 2, []int{0, 0, 0}, false, 0},
		// Others sorted: 0 0 1 1 1 2 2 5 9, median 1; the client's own 3
		// is left out of it (with it the median would still be 1).
		{"many clients", 3, []int{0, 9, 1, 2, 0, 1, 5, 1, 2}, true, 1},
		// Others 0 0 4 4: median 2; the client's 4 is left out: with it,
		// 0 0 4 4 4 would have a median of 4.
		{"own value left out", 4, []int{0, 0, 4, 4}, true, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := target(t, build(withPeers(tt.own, tt.others, func(c *digest.ClientInput, n int) { c.Incidents = incidents(n) })))
			if f.Others.Clients != len(tt.others) || f.Others.Incidents4w != tt.median {
				t.Errorf("others = %+v; want %d clients, median %v", f.Others, len(tt.others), tt.median)
			}
			fl, on := findFlag(f.Flags, digest.StandsOutIncidents)
			if on != tt.on {
				t.Fatalf("stands out = %v; want %v (flags %v)", on, tt.on, kinds(f.Flags))
			}
			if on && (fl.Count != tt.own || fl.Reference != tt.median || fl.Peers != len(tt.others) || fl.Weight != 1) {
				t.Errorf("flag = %+v", fl)
			}
		})
	}
}

func TestStandsOutStrain(t *testing.T) {
	none := -1.0 // no poll reached the threshold
	tests := []struct {
		name   string
		own    float64
		others []float64
		on     bool
		peers  int
		median float64
	}{
		{"one other client", 5, []float64{1}, false, 1, 1},
		{"a point above the median of two", 4, []float64{2.5, 3}, true, 2, 2.75},
		{"exactly a point above", 4, []float64{3, 3}, true, 2, 3},
		{"just under a point above", 4, []float64{3, 3.1}, false, 2, 3.05},
		{"others without a score do not count", 4, []float64{1, none, none, none}, false, 1, 1},
		{"many clients", 3.2, []float64{1.5, 2, none, 2, 2.5, 3.8}, true, 5, 2},
		{"no score of its own", none, []float64{1, 2, 3}, false, 3, 2},
	}
	strainOf := func(s float64) *digest.StrainFact {
		if s == none {
			return nil
		}
		return &digest.StrainFact{Score: s, Day: day("2024-03-14")}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := target(t, build(withPeers(tt.own, tt.others, func(c *digest.ClientInput, s float64) { c.Strain = strainOf(s) })))
			if f.Others.StrainClients != tt.peers || f.Others.Strain != tt.median {
				t.Errorf("others = %+v; want %d with strain, median %v", f.Others, tt.peers, tt.median)
			}
			fl, on := findFlag(f.Flags, digest.StandsOutStrain)
			if on != tt.on {
				t.Fatalf("stands out = %v; want %v (flags %v)", on, tt.on, kinds(f.Flags))
			}
			if on && (fl.Value != tt.own || fl.Reference != tt.median || fl.Peers != tt.peers || fl.Weight != 1) {
				t.Errorf("flag = %+v", fl)
			}
		})
	}
}

func TestTeamMedians(t *testing.T) {
	strain := func(s float64) *digest.StrainFact { return &digest.StrainFact{Score: s, Day: day("2024-03-14")} }
	r := build([]digest.ClientInput{
		{Name: "A", Incidents: incidents(5), Strain: strain(4)},
		{Name: "B", Incidents: incidents(1), Strain: strain(2)},
		{Name: "C", Incidents: incidents(0)},
		{Name: "D", Incidents: incidents(2), Strain: strain(3)},
		{Name: "E", Status: ledger.StatusArchived, Incidents: incidents(50), Strain: strain(5)},
	})
	// Incidents 0 1 2 5 → (1 + 2) / 2 = 1.5; strain 2 3 4 → 3. The
	// archived client is not part of the team's picture.
	// No time logged: each counts as a week of work, so the workload
	// medians are the incident medians.
	want := digest.Comparison{Clients: 4, Incidents4w: 1.5, Workload: 1.5, StrainClients: 3, Strain: 3}
	if r.Medians != want {
		t.Errorf("medians = %+v; want %+v", r.Medians, want)
	}
	// For C (no strain) the others are everyone with a score.
	c, _ := r.Client(3)
	if want := (digest.Comparison{Clients: 3, Incidents4w: 2, Workload: 2, StrainClients: 3, Strain: 3}); c.Others != want {
		t.Errorf("C's others = %+v; want %+v", c.Others, want)
	}
	// For A: incidents 0 1 2 → 1; strain 2 3 → 2.5.
	a, _ := r.Client(1)
	if want := (digest.Comparison{Clients: 3, Incidents4w: 1, Workload: 1, StrainClients: 2, Strain: 2.5}); a.Others != want {
		t.Errorf("A's others = %+v; want %+v", a.Others, want)
	}
}
