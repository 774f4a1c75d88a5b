package digest

import (
	"slices"
	"sort"

	"github.com/tact-bot/tact/ledger"
)

// Comparison holds team medians: of incidents over the last TrendWeeks
// weeks across Clients clients, and of the latest strain score across the
// StrainClients clients that have one. A median over fewer than MinPeers
// clients says little; the renderer should not show it as a comparison.
type Comparison struct {
	Clients       int
	Incidents4w   float64
	StrainClients int
	Strain        float64
}

// peers holds every included client's value, sorted, so that the median
// of "everyone but this client" costs O(1) per client instead of a sort.
type peers []float64

func newPeers(values []float64) peers {
	slices.Sort(values)
	return values
}

// median of all values; 0 when there are none.
func (p peers) median() float64 { return ledger.MedianOf(len(p), func(k int) float64 { return p[k] }) }

// medianWithout is the median with one value equal to v left out: the
// client's own. Which of equal values goes does not change the rest.
func (p peers) medianWithout(v float64) (float64, int) {
	r := sort.SearchFloat64s(p, v)
	if r == len(p) || p[r] != v {
		return p.median(), len(p) // v is not among them
	}
	n := len(p) - 1
	return ledger.MedianOf(n, func(k int) float64 {
		if k >= r {
			k++
		}
		return p[k]
	}), n
}

// compare fills each client's Others and adds the team-relative flags;
// it returns the whole team's medians.
func compare(clients []ClientFigures) Comparison {
	incidents := make([]float64, 0, len(clients))
	var strain []float64
	for i := range clients {
		incidents = append(incidents, float64(clients[i].Incidents4w))
		if s := clients[i].Strain; s != nil {
			strain = append(strain, s.Score)
		}
	}
	inc, str := newPeers(incidents), newPeers(strain)
	for i := range clients {
		f := &clients[i]
		f.Others.Incidents4w, f.Others.Clients = inc.medianWithout(float64(f.Incidents4w))
		if f.Strain != nil {
			f.Others.Strain, f.Others.StrainClients = str.medianWithout(f.Strain.Score)
		} else {
			f.Others.Strain, f.Others.StrainClients = str.median(), len(str)
		}
		flagRelative(f)
	}
	return Comparison{Clients: len(inc), Incidents4w: inc.median(), StrainClients: len(str), Strain: str.median()}
}
