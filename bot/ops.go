package bot

import (
	"context"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Pinger is the database as readiness sees it.
type Pinger interface {
	Ping(ctx context.Context) error
}

// OpsHandler serves /healthz (the process runs), /readyz (socket connected,
// or serving HTTP, and database answering), /metrics (Prometheus) and,
// over HTTP, Slack's request URLs under /slack/ (events, commands,
// interactivity, options: one handler tells them apart by their body).
//
// With install (many-workspace mode) it also serves "Add to Slack":
// /slack/install and /slack/oauth_redirect.
func OpsHandler(rt *Runtime, db Pinger, gatherer prometheus.Gatherer, install *OAuth) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), time.Second)
		defer cancel()
		switch {
		case !rt.Connected():
			http.Error(w, "socket not connected", http.StatusServiceUnavailable)
		case db.Ping(ctx) != nil:
			http.Error(w, "database not answering", http.StatusServiceUnavailable)
		default:
			_, _ = w.Write([]byte("ready\n"))
		}
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(gatherer, promhttp.HandlerOpts{}))
	if rt.cfg.SigningSecret != "" {
		mux.Handle("/slack/", rt.HTTPHandler())
	}
	if install != nil {
		install.Mount(mux)
	}
	return mux
}
