package slacktest

// failRule answers the next calls of one method with a Slack error.
type failRule struct {
	next int
	code string
}

// Fail makes the next n calls of method (a Web API method) answer
// {"ok":false,"error":code} without taking effect, as Slack does in an
// outage ("internal_error", "fatal_error", "service_unavailable"). n <= 0
// clears it.
func (s *Server) Fail(method string, n int, code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n <= 0 {
		delete(s.fails, method)
		return
	}
	s.fails[method] = &failRule{next: n, code: code}
}

// failing reports whether this call of method is to fail, filling resp.
func (s *Server) failing(method string, resp *apiResp) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.fails[method]
	if r == nil || r.next <= 0 {
		return false
	}
	r.next--
	*resp = fail(r.code)
	return true
}
