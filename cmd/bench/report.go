package main

import (
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"text/tabwriter"
)

// report prints the medians as one line of JSON, then as a table, then the
// targets met and missed.
func report(w io.Writer, f flags, base float64, sums []summary) error {
	line, err := json.Marshal(struct {
		Baseline  float64   `json:"baseline_inserts_per_s"`
		Transport string    `json:"transport"`
		Duration  string    `json:"duration"`
		Repeat    int       `json:"repeat"`
		CPUs      int       `json:"cpus"`
		GoVersion string    `json:"go"`
		Env       []string  `json:"env,omitempty"`
		Scenarios []summary `json:"scenarios"`
	}{round2(base), f.transport, f.duration.String(), f.repeat, runtime.NumCPU(), runtime.Version(), f.env, sums})
	if err != nil {
		return fmt.Errorf("encoding the report: %w", err)
	}
	fmt.Fprintf(w, "%s\n\n", line)
	fmt.Fprintf(w, "bare PostgreSQL insert loop: %.0f inserts/s (%d connections, one INSERT per transaction)\n", base, baselineConns)
	fmt.Fprintf(w, "over %s: medians of %d run(s) of %s each; latencies in ms, memory in MB\n", f.transport, f.repeat, f.duration)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario\trate/s\tsent\tack p50\tp90\tp99\tmax\treply p50\tp99\ttrigger p99\tlost\tdoubled\tbusy\thandled/s\tof PG\tRSS idle\tpeak\tbot CPU s\t")
	for _, s := range sums {
		trigger := "—"
		if s.modal {
			trigger = fmt.Sprint(s.TriggerAgeP99)
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%g\t%g\t%g\t%g\t%g\t%g\t%s\t%d\t%d\t%d\t%g\t%.0f%%\t%g\t%g\t%g\t\n",
			s.Name, s.Rate, s.Sent, s.AckP50, s.AckP90, s.AckP99, s.AckMax, s.ReplyP50, s.ReplyP99, trigger,
			s.WorstLost, s.WorstDoubled, s.WorstBusy, s.Handled, s.OfBaseline*100, s.RSSIdleMB, s.RSSPeakMB, s.BotCPUSeconds)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "\n(lost, doubled and busy: the worst run; busy: turned away with \"busy, try again\")")
	fmt.Fprintln(w)
	for _, v := range verdicts(sums) {
		fmt.Fprintln(w, v)
	}
	return nil
}
