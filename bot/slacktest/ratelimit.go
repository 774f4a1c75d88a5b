package slacktest

import (
	"math"
	"math/rand/v2"
	"net/http"
	"time"
)

// rateRule answers some calls of one method with HTTP 429.
type rateRule struct {
	next       int // the next this many calls are limited
	nextAfter  int // Retry-After seconds for them
	share      float64
	shareAfter int
	rng        *rand.Rand
}

func retrySeconds(d time.Duration) int {
	return max(1, int(math.Ceil(d.Seconds())))
}

func (s *Server) ruleLocked(method string) *rateRule {
	r := s.rates[method]
	if r == nil {
		r = &rateRule{}
		s.rates[method] = r
	}
	return r
}

// RateLimit makes the next n calls of method (a Web API method, MethodResponseURL
// or MethodUpload) answer HTTP 429 with Retry-After (whole seconds, at least 1)
// and {"ok":false,"error":"ratelimited"}. n <= 0 clears it.
func (s *Server) RateLimit(method string, n int, retryAfter time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.ruleLocked(method)
	r.next, r.nextAfter = max(n, 0), retrySeconds(retryAfter)
}

// RateLimitShare answers a share (0..1) of the calls of method with 429, chosen by
// a generator seeded with seed, so a run is repeatable. share <= 0 clears it.
func (s *Server) RateLimitShare(method string, share float64, retryAfter time.Duration, seed int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.ruleLocked(method)
	r.share, r.shareAfter = min(max(share, 0), 1), retrySeconds(retryAfter)
	r.rng = rand.New(rand.NewPCG(uint64(seed), 0x5eed))
}

// rateLimited reports whether this call of method is limited, filling resp if so.
func (s *Server) rateLimited(method string, resp *apiResp) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.rates[method]
	if r == nil {
		return false
	}
	after := 0
	switch {
	case r.next > 0:
		r.next--
		after = r.nextAfter
	case r.share > 0 && r.rng.Float64() < r.share:
		after = r.shareAfter
	default:
		return false
	}
	*resp = apiResp{status: http.StatusTooManyRequests, err: "ratelimited", retryAfter: after}
	return true
}
