package bot

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Kind says what sort of Slack payload a handler serves.
type Kind string

// The kinds of payload the router dispatches.
const (
	KindCommand    Kind = "command"
	KindAction     Kind = "action"
	KindView       Kind = "view_submission"
	KindViewClosed Kind = "view_closed"
	KindSuggestion Kind = "block_suggestion"
	KindShortcut   Kind = "shortcut"
	KindEvent      Kind = "event"
)

// acksWithPayload reports whether Slack reads an answer from the ack of this
// kind (response_action, options): such handlers run before the ack.
func (k Kind) acksWithPayload() bool { return k == KindView || k == KindSuggestion }

// RouteOption changes how the runtime serves a route.
type RouteOption int

// Anonymous marks a route whose requester must leave no trace: an anonymous
// vote, answer or comment. The runtime neither claims its envelope in the
// database (that row would outlive the poll and pair with the answer by
// transaction id and time) nor logs who sent it; the handler's own write
// must be idempotent instead.
const Anonymous RouteOption = 1

// Router maps Slack payloads to handlers, in the spirit of Bolt's listeners.
// Registration happens once at start; duplicates are collected and reported
// by Err, so a wiring mistake stops the bot before it connects.
type Router struct {
	routes    map[Kind]map[string]Handler
	anonymous map[Kind]map[string]bool
	prefixes  []prefixRoute
	errs      []error
}

type prefixRoute struct {
	prefix    string
	h         Handler
	anonymous bool
}

// NewRouter returns an empty router.
func NewRouter() *Router {
	return &Router{routes: map[Kind]map[string]Handler{}, anonymous: map[Kind]map[string]bool{}}
}

func anonymous(opts []RouteOption) bool {
	for _, o := range opts {
		if o == Anonymous {
			return true
		}
	}
	return false
}

// Command registers a slash command such as "/tact".
func (r *Router) Command(name string, h Handler) { r.add(KindCommand, name, h) }

// Action registers a block action by its exact action_id.
func (r *Router) Action(actionID string, h Handler, opts ...RouteOption) {
	r.add(KindAction, actionID, h, opts...)
}

// ActionPrefix registers a block action for every action_id starting with prefix.
func (r *Router) ActionPrefix(prefix string, h Handler, opts ...RouteOption) {
	for _, p := range r.prefixes {
		if strings.HasPrefix(prefix, p.prefix) || strings.HasPrefix(p.prefix, prefix) {
			r.errs = append(r.errs, fmt.Errorf("action prefix %q overlaps %q", prefix, p.prefix))
			return
		}
	}
	r.prefixes = append(r.prefixes, prefixRoute{prefix, h, anonymous(opts)})
	sort.Slice(r.prefixes, func(i, j int) bool { return len(r.prefixes[i].prefix) > len(r.prefixes[j].prefix) })
}

// ViewSubmission registers a modal's submit by its callback_id.
func (r *Router) ViewSubmission(callbackID string, h Handler, opts ...RouteOption) {
	r.add(KindView, callbackID, h, opts...)
}

// ViewClosed registers a modal's close (notify_on_close) by its callback_id.
func (r *Router) ViewClosed(callbackID string, h Handler) { r.add(KindViewClosed, callbackID, h) }

// Suggestion registers an external select's options source by action_id.
func (r *Router) Suggestion(actionID string, h Handler) { r.add(KindSuggestion, actionID, h) }

// Shortcut registers a global or message shortcut by its callback_id.
func (r *Router) Shortcut(callbackID string, h Handler) { r.add(KindShortcut, callbackID, h) }

// Event registers an Events API event type such as "app_home_opened".
func (r *Router) Event(eventType string, h Handler) { r.add(KindEvent, eventType, h) }

func (r *Router) add(k Kind, key string, h Handler, opts ...RouteOption) {
	if key == "" || h == nil {
		r.errs = append(r.errs, fmt.Errorf("%s: empty key or nil handler", k))
		return
	}
	m := r.routes[k]
	if m == nil {
		m = map[string]Handler{}
		r.routes[k] = m
	}
	if _, dup := m[key]; dup {
		r.errs = append(r.errs, fmt.Errorf("%s %q registered twice", k, key))
		return
	}
	m[key] = h
	if anonymous(opts) {
		if r.anonymous[k] == nil {
			r.anonymous[k] = map[string]bool{}
		}
		r.anonymous[k][key] = true
	}
}

// Anonymous reports whether the route of a payload of kind k with the given
// key was registered Anonymous.
func (r *Router) Anonymous(k Kind, key string) bool {
	if _, ok := r.routes[k][key]; ok {
		return r.anonymous[k][key]
	}
	if k == KindAction {
		for _, p := range r.prefixes {
			if strings.HasPrefix(key, p.prefix) {
				return p.anonymous
			}
		}
	}
	return false
}

// Err reports every registration mistake.
func (r *Router) Err() error { return errors.Join(r.errs...) }

// Commands lists the registered slash commands, sorted.
func (r *Router) Commands() []string {
	var out []string
	for name := range r.routes[KindCommand] {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// Keys lists the keys registered for kind k, sorted; for actions, each
// registered prefix is listed too. Tests use it to reach every handler.
func (r *Router) Keys(k Kind) []string {
	var out []string
	for key := range r.routes[k] {
		out = append(out, key)
	}
	if k == KindAction {
		for _, p := range r.prefixes {
			out = append(out, p.prefix)
		}
	}
	sort.Strings(out)
	return out
}

// Lookup finds the handler for a payload of kind k with the given key.
func (r *Router) Lookup(k Kind, key string) (Handler, bool) {
	if h, ok := r.routes[k][key]; ok {
		return h, true
	}
	if k == KindAction {
		for _, p := range r.prefixes {
			if strings.HasPrefix(key, p.prefix) {
				return p.h, true
			}
		}
	}
	return nil, false
}
