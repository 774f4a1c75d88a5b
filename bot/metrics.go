package bot

import (
	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the runtime's Prometheus collectors, registered on a registry
// the caller owns (no global default registry).
type Metrics struct {
	envelopes   *prometheus.CounterVec
	ackLatency  prometheus.Histogram
	handlerErrs *prometheus.CounterVec
	apiCalls    *prometheus.CounterVec
	rateLimited *prometheus.CounterVec
	reconnects  prometheus.Counter
	duplicates  prometheus.Counter
	busy        prometheus.Counter
}

// NewMetrics creates the collectors and registers them on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		envelopes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tact_envelopes_total", Help: "Socket Mode envelopes received, by type.",
		}, []string{"type"}),
		ackLatency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "tact_ack_latency_seconds",
			Help:    "Time from receiving an envelope to queueing its ack.",
			Buckets: []float64{.0005, .001, .002, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}),
		handlerErrs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tact_handler_errors_total", Help: "Handlers that returned an error or panicked, by kind.",
		}, []string{"kind"}),
		apiCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tact_slack_api_calls_total", Help: "Slack Web API calls, by method and HTTP status.",
		}, []string{"method", "status"}),
		rateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tact_slack_api_ratelimited_total", Help: "Slack Web API answers of 429, by method.",
		}, []string{"method"}),
		reconnects: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "tact_socket_reconnects_total", Help: "Socket Mode connections made after the first.",
		}),
		duplicates: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "tact_envelopes_duplicate_total", Help: "Redelivered envelopes skipped because they were already handled.",
		}),
		busy: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "tact_envelopes_busy_total", Help: "Envelopes turned away because the work queue was full.",
		}),
	}
	reg.MustRegister(m.envelopes, m.ackLatency, m.handlerErrs, m.apiCalls, m.rateLimited, m.reconnects, m.duplicates, m.busy)
	return m
}
