package digest

import (
	"math"
	"slices"
	"sort"

	"github.com/tact-bot/tact/ledger"
)

// Comparison holds team medians: of incidents over the last TrendWeeks
// weeks and of incidents per WorkloadMinutes of work across Clients
// clients, of the latest strain score across the StrainClients clients
// that have one, and of the window's cost share and effective rate across
// the clients that have them. A median over fewer than MinPeers clients
// says little; the renderer should not show it as a comparison.
type Comparison struct {
	Clients          int
	Incidents4w      float64
	Workload         float64
	StrainClients    int
	Strain           float64
	CostShareClients int
	CostShare        float64
	RateClients      int
	Rate             float64 // minor units per hour
}

// teamView is what the team-relative rules need besides a client's
// Others: the workspace's settings, the cost of winning a client and every
// client's cost share.
type teamView struct {
	settings    Settings
	winningCost int64
	costShares  peers
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

// WorkloadMinutes is the unit of work incidents are counted against (a
// working week), and the least a client is taken to have had, so a client
// with little logged time is not made to look worse than it is.
const WorkloadMinutes = 40 * 60

// workload is the client's incidents per WorkloadMinutes of work over the
// window.
func workload(f *ClientFigures) float64 {
	return float64(f.Incidents4w) * WorkloadMinutes / float64(max(f.Recent.Minutes, WorkloadMinutes))
}

// medianOthers is the median of ps without the client's own value, when
// the client has one.
func medianOthers(ps peers, v float64, has bool) (float64, int) {
	if has {
		return ps.medianWithout(v)
	}
	return ps.median(), len(ps)
}

// compare fills each client's Others, adds the team-relative flags and the
// health score; it returns the whole team's medians.
func compare(clients []ClientFigures, s Settings) Comparison {
	var incidents, loads, strain, shares, rates, cacs []float64
	for i := range clients {
		f := &clients[i]
		incidents = append(incidents, float64(f.Incidents4w))
		loads = append(loads, workload(f))
		if f.Strain != nil {
			strain = append(strain, f.Strain.Score)
		}
		if f.Recent.HasCostShare {
			shares = append(shares, f.Recent.CostShare)
		}
		if f.Recent.HasRate {
			rates = append(rates, float64(f.Recent.Rate))
		}
		if f.CACMinor > 0 {
			cacs = append(cacs, float64(f.CACMinor))
		}
	}
	inc, load, str := newPeers(incidents), newPeers(loads), newPeers(strain)
	share, rate := newPeers(shares), newPeers(rates)
	t := teamView{settings: s, winningCost: s.CACMinor, costShares: share}
	if t.winningCost <= 0 && len(cacs) > 0 {
		t.winningCost = int64(math.Round(newPeers(cacs).median()))
	}
	for i := range clients {
		f := &clients[i]
		o := &f.Others
		o.Incidents4w, o.Clients = inc.medianWithout(float64(f.Incidents4w))
		o.Workload, _ = load.medianWithout(workload(f))
		o.Strain, o.StrainClients = medianOthers(str, strainScore(f), f.Strain != nil)
		o.CostShare, o.CostShareClients = medianOthers(share, f.Recent.CostShare, f.Recent.HasCostShare)
		o.Rate, o.RateClients = medianOthers(rate, float64(f.Recent.Rate), f.Recent.HasRate)
		flagRelative(f, t)
		f.Health = health(f, s)
	}
	return Comparison{
		Clients: len(inc), Incidents4w: inc.median(), Workload: load.median(),
		StrainClients: len(str), Strain: str.median(),
		CostShareClients: len(share), CostShare: share.median(),
		RateClients: len(rate), Rate: rate.median(),
	}
}

func strainScore(f *ClientFigures) float64 {
	if f.Strain == nil {
		return 0
	}
	return f.Strain.Score
}
