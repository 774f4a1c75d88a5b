package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tact-bot/tact/bot/slacktest"
)

// result is one run's figures; latencies in milliseconds, memory in MB.
type result struct {
	Sent           int     `json:"sent"`
	AckP50         float64 `json:"ack_p50_ms"`
	AckP90         float64 `json:"ack_p90_ms"`
	AckP99         float64 `json:"ack_p99_ms"`
	AckMax         float64 `json:"ack_max_ms"`
	ReplyP50       float64 `json:"reply_p50_ms"`
	ReplyP99       float64 `json:"reply_p99_ms"`
	TriggerAgeP50  float64 `json:"trigger_age_p50_ms,omitempty"`
	TriggerAgeP99  float64 `json:"trigger_age_p99_ms,omitempty"`
	Lost           int     `json:"lost"`
	Doubled        int     `json:"doubled"`
	Busy           int     `json:"busy"`
	Failed         int     `json:"failed_calls"`
	Panics         int     `json:"panics"`
	RSSIdleMB      float64 `json:"rss_idle_mb"`
	RSSPeakMB      float64 `json:"rss_peak_mb"`
	BotCPUSeconds  float64 `json:"bot_cpu_s"`
	GeneratorLagMS float64 `json:"generator_lag_ms"`
}

func (r result) line() string {
	b, _ := json.Marshal(r)
	return string(b)
}

// answer is what the bench saw of one command.
type answer struct {
	acks    int
	ack     time.Duration
	busy    bool
	replies int
	reply   time.Time
	trigger time.Duration
}

// measure matches acks and visible answers to the commands sent: replies by
// their response_url, modals by their trigger_id. A command turned away as
// busy is answered by its ack, which carries the text.
func measure(srv *slacktest.Server, sc scenario, cmds []sent) result {
	answers := make(map[string]*answer, len(cmds))
	byResponse := make(map[string]*answer, len(cmds))
	byTrigger := make(map[string]*answer, len(cmds))
	for _, c := range cmds {
		a := &answer{}
		answers[c.env.ID] = a
		byResponse[responseID(c.env.ResponseURL)] = a
		byTrigger[c.env.TriggerID] = a
	}
	for _, ack := range srv.Acks() {
		a := answers[ack.EnvelopeID]
		if a == nil {
			continue
		}
		if a.acks == 0 {
			a.ack = ack.Latency
			a.busy = len(ack.Payload) > 0 && strings.Contains(string(ack.Payload), `"text"`)
		}
		a.acks++
	}
	res := result{Sent: len(cmds)}
	for _, call := range srv.Calls(slacktest.MethodResponseURL) {
		if a := byResponse[responseID(call.Path)]; a != nil {
			res.Failed += countReply(a, call, 0)
		}
	}
	if sc.modal {
		for _, call := range srv.Calls("views.open") {
			if a := byTrigger[call.Params["trigger_id"]]; a != nil {
				res.Failed += countReply(a, call, call.TriggerAge)
			}
		}
	}
	var acks, replies, triggers []time.Duration
	for _, c := range cmds {
		a := answers[c.env.ID]
		switch {
		case a.acks == 0:
			res.Lost++
			continue
		case a.acks > 1 || a.replies > 1:
			res.Doubled++
		}
		acks = append(acks, a.ack)
		switch {
		case a.busy:
			res.Busy++
		case a.replies == 0:
			res.Lost++
		default:
			replies = append(replies, a.reply.Sub(c.env.SentAt))
			if sc.modal {
				triggers = append(triggers, a.trigger)
			}
		}
	}
	res.AckP50, res.AckP90, res.AckP99, res.AckMax = pct(acks, 50), pct(acks, 90), pct(acks, 99), pct(acks, 100)
	res.ReplyP50, res.ReplyP99 = pct(replies, 50), pct(replies, 99)
	if sc.modal {
		res.TriggerAgeP50, res.TriggerAgeP99 = pct(triggers, 50), pct(triggers, 99)
	}
	return res
}

// countReply records a successful visible answer; a failed call counts 1.
func countReply(a *answer, call slacktest.Call, trigger time.Duration) int {
	if call.Status != 200 || call.Error != "" {
		return 1
	}
	if a.replies == 0 {
		a.reply, a.trigger = call.At, trigger
	}
	a.replies++
	return 0
}

func responseID(urlOrPath string) string {
	if i := strings.LastIndex(urlOrPath, "/response/"); i >= 0 {
		return urlOrPath[i+len("/response/"):]
	}
	return ""
}

// pct is the nearest-rank percentile in milliseconds; p=100 is the maximum.
func pct(d []time.Duration, p float64) float64 {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	rank := int(p/100*float64(len(s))+0.999999) - 1
	rank = min(max(rank, 0), len(s)-1)
	return ms(s[rank])
}

func ms(d time.Duration) float64 { return round2(float64(d) / float64(time.Millisecond)) }

func mb(kb uint64) float64 { return round2(float64(kb) / 1024) }

func round2(f float64) float64 {
	return float64(int64(f*100+0.5)) / 100
}

func median(vals []float64) float64 {
	s := slices.Clone(vals)
	slices.Sort(s)
	n := len(s)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return s[n/2]
	}
	return round2((s[n/2-1] + s[n/2]) / 2)
}

func medianInt(vals []int) int {
	f := make([]float64, len(vals))
	for i, v := range vals {
		f[i] = float64(v)
	}
	return int(median(f) + 0.5)
}

// summary is a scenario's medians over its runs.
type summary struct {
	Name  string `json:"scenario"`
	Rate  int    `json:"rate_per_s"`
	Runs  int    `json:"runs"`
	modal bool
	result
	// Worst are the worst run's loss figures: a median would hide one bad run.
	WorstLost    int `json:"worst_lost"`
	WorstDoubled int `json:"worst_doubled"`
	WorstBusy    int `json:"worst_busy"`
	// Handled is the commands a second the bot took (neither lost nor
	// turned away); OfBaseline is that as a share of the bare insert loop's
	// rate measured in the same run.
	Handled    float64 `json:"handled_per_s"`
	OfBaseline float64 `json:"of_baseline"`
}

// against fills in the handled rate over d and its share of base inserts/s.
func (s *summary) against(d time.Duration, base float64) {
	s.Handled, s.OfBaseline = round2(float64(s.Sent-s.Busy-s.Lost)/d.Seconds()), 0
	if base > 0 {
		s.OfBaseline = round2(s.Handled / base)
	}
}

func summarize(sc scenario, runs []result) summary {
	col := func(get func(result) float64) float64 {
		v := make([]float64, len(runs))
		for i, r := range runs {
			v[i] = get(r)
		}
		return median(v)
	}
	colInt := func(get func(result) int) int {
		v := make([]int, len(runs))
		for i, r := range runs {
			v[i] = get(r)
		}
		return medianInt(v)
	}
	s := summary{Name: sc.name, Rate: sc.rate, Runs: len(runs), modal: sc.modal}
	s.Sent = colInt(func(r result) int { return r.Sent })
	s.AckP50 = col(func(r result) float64 { return r.AckP50 })
	s.AckP90 = col(func(r result) float64 { return r.AckP90 })
	s.AckP99 = col(func(r result) float64 { return r.AckP99 })
	s.AckMax = col(func(r result) float64 { return r.AckMax })
	s.ReplyP50 = col(func(r result) float64 { return r.ReplyP50 })
	s.ReplyP99 = col(func(r result) float64 { return r.ReplyP99 })
	s.TriggerAgeP50 = col(func(r result) float64 { return r.TriggerAgeP50 })
	s.TriggerAgeP99 = col(func(r result) float64 { return r.TriggerAgeP99 })
	s.Lost = colInt(func(r result) int { return r.Lost })
	s.Doubled = colInt(func(r result) int { return r.Doubled })
	s.Busy = colInt(func(r result) int { return r.Busy })
	s.Failed = colInt(func(r result) int { return r.Failed })
	s.Panics = colInt(func(r result) int { return r.Panics })
	s.RSSIdleMB = col(func(r result) float64 { return r.RSSIdleMB })
	s.RSSPeakMB = col(func(r result) float64 { return r.RSSPeakMB })
	s.BotCPUSeconds = col(func(r result) float64 { return r.BotCPUSeconds })
	s.GeneratorLagMS = col(func(r result) float64 { return r.GeneratorLagMS })
	for _, r := range runs {
		s.WorstLost = max(s.WorstLost, r.Lost)
		s.WorstDoubled = max(s.WorstDoubled, r.Doubled)
		s.WorstBusy = max(s.WorstBusy, r.Busy)
	}
	return s
}

// target is one goal from the issue, checked against a summary.
type target struct {
	what  string
	limit float64
	got   func(summary) float64
	// applies says which scenarios the target is about.
	applies func(summary) bool
}

func targets() []target {
	all := func(summary) bool { return true }
	fast := func(s summary) bool { return s.Rate >= 1000 }
	return []target{
		{"ack p99 ≤ 10 ms at 1,000/s", 10, func(s summary) float64 { return s.AckP99 }, fast},
		{"reply p99 ≤ 100 ms at 1,000/s", 100, func(s summary) float64 { return s.ReplyP99 }, fast},
		{"0 busy at 1,000/s", 0, func(s summary) float64 { return float64(s.WorstBusy) }, fast},
		{"reply p99 ≤ 50 ms at 200/s", 50, func(s summary) float64 { return s.ReplyP99 }, func(s summary) bool { return s.Rate == 200 }},
		{"views.open trigger age p99 ≤ 100 ms", 100, func(s summary) float64 { return s.TriggerAgeP99 }, func(s summary) bool { return s.modal }},
		{"0 lost", 0, func(s summary) float64 { return float64(s.WorstLost) }, all},
		{"0 doubled", 0, func(s summary) float64 { return float64(s.WorstDoubled) }, all},
		{"RSS ≤ 40 MB idle", 40, func(s summary) float64 { return s.RSSIdleMB }, all},
		{"RSS ≤ 120 MB under load", 120, func(s summary) float64 { return s.RSSPeakMB }, all},
	}
}

// verdicts lists each target with the scenarios that miss it.
func verdicts(sums []summary) []string {
	var out []string
	for _, t := range targets() {
		var checked, missed []string
		for _, s := range sums {
			if !t.applies(s) {
				continue
			}
			checked = append(checked, s.Name)
			if v := t.got(s); v > t.limit {
				missed = append(missed, fmt.Sprintf("%s: %g", s.Name, v))
			}
		}
		switch {
		case len(checked) == 0:
		case len(missed) == 0:
			out = append(out, "met     "+t.what+" ("+strings.Join(checked, ", ")+")")
		default:
			out = append(out, "MISSED  "+t.what+" ("+strings.Join(missed, "; ")+")")
		}
	}
	return out
}
