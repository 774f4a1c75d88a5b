package slacktest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

const writeTimeout = 10 * time.Second

// socketState is the Socket Mode side of the server; guarded by Server.mu.
type socketState struct {
	conns        []*wsConn // live connections, hello sent
	rr           int       // round-robin cursor
	connectCount int
	queue        [][]byte // frames waiting for a live connection
	tickets      map[string]bool
	envelopes    map[string]*envelope
	acks         []Ack
}

func (st *socketState) init() {
	st.tickets = map[string]bool{}
	st.envelopes = map[string]*envelope{}
}

func (st *socketState) all() []*wsConn { return slices.Clone(st.conns) }

func (st *socketState) stopTimersLocked() {
	for _, e := range st.envelopes {
		if e.timer != nil {
			e.timer.Stop()
		}
	}
}

// wsConn is one websocket connection. Writes go through a single writer goroutine
// because gorilla/websocket allows one concurrent writer.
type wsConn struct {
	id   int
	ws   *websocket.Conn
	mu   sync.Mutex
	out  [][]byte
	wake chan struct{}
	done chan struct{}
	once sync.Once
}

func (c *wsConn) enqueue(frame []byte) {
	c.mu.Lock()
	c.out = append(c.out, frame)
	c.mu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

func (c *wsConn) take() [][]byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.out
	c.out = nil
	return out
}

func (c *wsConn) close() {
	c.once.Do(func() {
		close(c.done)
		_ = c.ws.Close()
	})
}

// handleWebsocket accepts the URL handed out by apps.connections.open.
func (s *Server) handleWebsocket(w http.ResponseWriter, r *http.Request) {
	ticket := r.URL.Query().Get("ticket")
	s.mu.Lock()
	ok := s.sock.tickets[ticket]
	delete(s.sock.tickets, ticket)
	n := len(s.sock.conns) + 1
	s.mu.Unlock()
	if !ok {
		// Slack answers a reused or unknown ticket this way; slack-go treats 4xx as a dial error.
		http.Error(w, "invalid ticket", http.StatusUnauthorized)
		return
	}
	ws, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		s.logf("slacktest: websocket upgrade: %v", err)
		return
	}
	hello, _ := json.Marshal(map[string]any{
		"type":            "hello",
		"num_connections": n,
		"connection_info": map[string]any{"app_id": AppID},
		"debug_info":      map[string]any{"host": "slacktest", "approximate_connection_time": 18060},
	})
	_ = ws.SetWriteDeadline(time.Now().Add(writeTimeout))
	if err := ws.WriteMessage(websocket.TextMessage, hello); err != nil {
		_ = ws.Close()
		return
	}
	_ = ws.SetWriteDeadline(time.Time{})

	c := &wsConn{ws: ws, wake: make(chan struct{}, 1), done: make(chan struct{})}
	s.mu.Lock()
	if s.isClosed() {
		s.mu.Unlock()
		_ = ws.Close()
		return
	}
	s.sock.connectCount++
	c.id = s.sock.connectCount
	s.sock.conns = append(s.sock.conns, c)
	queued := s.sock.queue
	s.sock.queue = nil
	for _, f := range queued {
		c.enqueue(f)
	}
	s.markSentLocked(queued, time.Now())
	s.notifyLocked()
	s.mu.Unlock()
	s.logf("slacktest: connection %d open (%d queued frames)", c.id, len(queued))

	go s.writeLoop(c)
	s.readLoop(c)
}

func (s *Server) writeLoop(c *wsConn) {
	ping := time.NewTicker(s.opts.PingInterval)
	defer ping.Stop()
	defer func() {
		c.close()
		s.dropConn(c)
		// Frames never written go to another connection rather than vanish.
		s.requeue(c.take())
	}()
	for {
		select {
		case <-c.done:
			return
		case <-ping.C:
			if err := c.ws.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(writeTimeout)); err != nil {
				return
			}
		case <-c.wake:
			for _, f := range c.take() {
				_ = c.ws.SetWriteDeadline(time.Now().Add(writeTimeout))
				if err := c.ws.WriteMessage(websocket.TextMessage, f); err != nil {
					return
				}
			}
		}
	}
}

func (s *Server) readLoop(c *wsConn) {
	defer func() {
		c.close()
		s.dropConn(c)
	}()
	for {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		s.recordAck(data)
	}
}

// dropConn takes c out of the round robin.
func (s *Server) dropConn(c *wsConn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if i := slices.Index(s.sock.conns, c); i >= 0 {
		s.sock.conns = slices.Delete(s.sock.conns, i, i+1)
		s.notifyLocked()
	}
}

func (s *Server) requeue(frames [][]byte) {
	if len(frames) == 0 || s.isClosed() {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range frames {
		s.dispatchLocked(f)
	}
}

// dispatchLocked hands a frame to the next live connection, or queues it.
func (s *Server) dispatchLocked(frame []byte) {
	if len(s.sock.conns) == 0 {
		s.sock.queue = append(s.sock.queue, frame)
		return
	}
	s.sock.rr = (s.sock.rr + 1) % len(s.sock.conns)
	s.sock.conns[s.sock.rr].enqueue(frame)
}

// WaitConnections waits until at least n connections are live (hello sent).
func (s *Server) WaitConnections(n int, timeout time.Duration) error {
	return s.waitFor(timeout, fmt.Sprintf("%d connections", n), func() bool { return s.connectionsLocked() >= n })
}

// Connections is the number of live connections (over HTTP, of request
// URLs).
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.connectionsLocked()
}

func (s *Server) connectionsLocked() int {
	if s.poster != nil {
		return len(s.poster.urls)
	}
	return len(s.sock.conns)
}

// ConnectCount is the number of successful websocket connects so far.
func (s *Server) ConnectCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sock.connectCount
}

// DropConnections closes the TCP connection under every live websocket, with no
// close frame, as a network failure would.
func (s *Server) DropConnections() {
	conns := s.takeConns()
	for _, c := range conns {
		_ = c.ws.UnderlyingConn().Close()
	}
}

// SendDisconnect sends a disconnect frame to every live connection, stops using
// them for new envelopes and closes them shortly after, as Slack does.
func (s *Server) SendDisconnect(reason string) {
	frame, _ := json.Marshal(map[string]any{
		"type":       "disconnect",
		"reason":     reason,
		"debug_info": map[string]any{"host": "slacktest"},
	})
	conns := s.takeConns()
	for _, c := range conns {
		c.enqueue(frame)
		time.AfterFunc(disconnectGrace, c.close)
	}
}

// takeConns stops using every live connection for new envelopes and
// returns them, for the caller to close.
func (s *Server) takeConns() []*wsConn {
	s.mu.Lock()
	defer s.mu.Unlock()
	conns := s.sock.all()
	s.sock.conns = nil
	s.notifyLocked()
	return conns
}

// envelope is a tracked Socket Mode delivery.
type envelope struct {
	id          string
	typ         string
	accepts     bool
	payload     json.RawMessage
	raw         map[string]json.RawMessage // set for SendRaw frames: re-sent as given
	attempt     int
	sentAt      time.Time // last time handed to a connection (or queued)
	acks        int
	lastAck     int // index in socketState.acks
	autoRetries int
	timer       *time.Timer
}

type wireEnvelope struct {
	EnvelopeID             string          `json:"envelope_id"`
	Type                   string          `json:"type"`
	AcceptsResponsePayload bool            `json:"accepts_response_payload"`
	RetryAttempt           int             `json:"retry_attempt"`
	RetryReason            string          `json:"retry_reason"`
	Payload                json.RawMessage `json:"payload"`
}

func (e *envelope) frame() ([]byte, error) {
	reason := ""
	if e.attempt > 0 {
		reason = "timeout"
	}
	if e.raw != nil {
		m := make(map[string]json.RawMessage, len(e.raw)+2)
		for k, v := range e.raw {
			m[k] = v
		}
		if e.attempt > 0 {
			m["retry_attempt"] = json.RawMessage(fmt.Sprint(e.attempt))
			m["retry_reason"] = json.RawMessage(`"` + reason + `"`)
		}
		return json.Marshal(m)
	}
	return json.Marshal(wireEnvelope{
		EnvelopeID:             e.id,
		Type:                   e.typ,
		AcceptsResponsePayload: e.accepts,
		RetryAttempt:           e.attempt,
		RetryReason:            reason,
		Payload:                e.payload,
	})
}

// Envelope identifies a delivery made by one of the Send methods.
type Envelope struct {
	ID, TriggerID, ResponseURL string
	SentAt                     time.Time
}

// Ack is an envelope acknowledgement received from the bot.
type Ack struct {
	EnvelopeID string
	Payload    json.RawMessage // nil when the ack carried no payload
	// Latency is from the envelope's latest delivery to this ack.
	Latency time.Duration
	// Count is how many acks have been seen for this envelope id, this one included.
	Count int
	At    time.Time
	// Status is the HTTP status of the answer over HTTP (SendOverHTTP);
	// 0 for a Socket Mode ack.
	Status int
}

// sendEnvelope tracks e and delivers it.
func (s *Server) sendEnvelope(e *envelope) (time.Time, error) {
	if s.isClosed() {
		return time.Time{}, ErrClosed
	}
	f, err := e.frame()
	if err != nil {
		return time.Time{}, fmt.Errorf("slacktest: encoding envelope: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.sock.envelopes[e.id]; dup {
		return time.Time{}, fmt.Errorf("slacktest: envelope %q already sent; use Redeliver", e.id)
	}
	s.sock.envelopes[e.id] = e
	s.deliverLocked(e, f)
	return e.sentAt, nil
}

func (s *Server) deliverLocked(e *envelope, frame []byte) {
	e.sentAt = time.Now()
	if s.poster != nil {
		s.postLocked(e, frame)
	} else {
		s.dispatchLocked(frame)
	}
	if s.opts.AutoRedeliver > 0 && e.autoRetries < maxAutoRedeliveries {
		if e.timer != nil {
			e.timer.Stop()
		}
		id, attempt := e.id, e.attempt
		e.timer = time.AfterFunc(s.opts.AutoRedeliver, func() { s.autoRedeliver(id, attempt) })
	}
}

// markSentLocked restarts latency clocks of queued envelopes flushed to a new
// connection: the bot could not have seen them earlier.
func (s *Server) markSentLocked(frames [][]byte, now time.Time) {
	if len(frames) == 0 {
		return
	}
	var head struct {
		EnvelopeID string `json:"envelope_id"`
	}
	for _, f := range frames {
		head.EnvelopeID = ""
		if json.Unmarshal(f, &head) == nil && head.EnvelopeID != "" {
			if e := s.sock.envelopes[head.EnvelopeID]; e != nil {
				e.sentAt = now
			}
		}
	}
}

func (s *Server) autoRedeliver(id string, attempt int) {
	if s.isClosed() {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.sock.envelopes[id]
	if e == nil || e.acks > 0 || e.attempt != attempt || e.autoRetries >= maxAutoRedeliveries {
		return
	}
	e.autoRetries++
	s.redeliverLocked(e)
}

func (s *Server) redeliverLocked(e *envelope) error {
	e.attempt++
	f, err := e.frame()
	if err != nil {
		return fmt.Errorf("slacktest: encoding envelope: %w", err)
	}
	s.logf("slacktest: redelivering %s (retry_attempt %d)", e.id, e.attempt)
	s.deliverLocked(e, f)
	return nil
}

// Redeliver sends a tracked envelope again with retry_attempt+1 and retry_reason
// "timeout", as Slack does for an unacked envelope.
func (s *Server) Redeliver(envelopeID string) error {
	if s.isClosed() {
		return ErrClosed
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.sock.envelopes[envelopeID]
	if e == nil {
		return fmt.Errorf("slacktest: unknown envelope %q", envelopeID)
	}
	return s.redeliverLocked(e)
}

// SendRaw sends frame as one text frame on a live connection (queued if none).
// A JSON object with an envelope_id is tracked for acks and Redeliver.
func (s *Server) SendRaw(frame []byte) error {
	if s.isClosed() {
		return ErrClosed
	}
	var m map[string]json.RawMessage
	var id string
	if json.Unmarshal(frame, &m) == nil {
		_ = json.Unmarshal(m["envelope_id"], &id)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if id != "" {
		e := s.sock.envelopes[id]
		if e == nil {
			e = &envelope{id: id, raw: m}
			_ = json.Unmarshal(m["retry_attempt"], &e.attempt)
			s.sock.envelopes[id] = e
		}
		e.sentAt = time.Now()
	}
	if s.poster != nil {
		e := s.sock.envelopes[id]
		if id == "" {
			e = &envelope{raw: m}
		}
		s.postLocked(e, frame)
		return nil
	}
	s.dispatchLocked(frame)
	return nil
}

func (s *Server) recordAck(data []byte) {
	var msg struct {
		EnvelopeID string          `json:"envelope_id"`
		Payload    json.RawMessage `json:"payload"`
	}
	if err := json.Unmarshal(data, &msg); err != nil || msg.EnvelopeID == "" {
		s.logf("slacktest: unexpected frame from bot: %q", data)
		return
	}
	if string(msg.Payload) == "null" {
		msg.Payload = nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addAckLocked(Ack{EnvelopeID: msg.EnvelopeID, Payload: msg.Payload})
}

// addAckLocked records a's arrival now, as the latest ack of its envelope.
func (s *Server) addAckLocked(a Ack) {
	now := time.Now()
	a.At, a.Count = now, 1
	if e := s.sock.envelopes[a.EnvelopeID]; e != nil {
		e.acks++
		a.Count = e.acks
		a.Latency = now.Sub(e.sentAt)
		if e.timer != nil {
			e.timer.Stop()
		}
	} else {
		s.sock.envelopes[a.EnvelopeID] = &envelope{id: a.EnvelopeID, acks: 1}
	}
	s.sock.acks = append(s.sock.acks, a)
	s.sock.envelopes[a.EnvelopeID].lastAck = len(s.sock.acks) - 1
	s.notifyLocked()
}

// WaitAck waits for an ack of envelopeID and returns the latest one seen (its
// Count tells how many acks arrived so far). It returns at once if one already came.
func (s *Server) WaitAck(envelopeID string, timeout time.Duration) (Ack, error) {
	var a Ack
	err := s.waitFor(timeout, "ack of "+envelopeID, func() bool {
		e := s.sock.envelopes[envelopeID]
		if e == nil || e.acks == 0 {
			return false
		}
		a = s.sock.acks[e.lastAck]
		return true
	})
	return a, err
}

// Acks returns every ack received, in arrival order.
func (s *Server) Acks() []Ack {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.sock.acks)
}
