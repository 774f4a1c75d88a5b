package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/slack-go/slack"
)

// ReachAttempts bounds how often start-up asks auth.test before giving up
// on a Slack it cannot reach; with the default first wait of 2 s, doubling,
// that is about half a minute on top of the client's own retries.
const (
	ReachAttempts     = 5
	defaultReachDelay = 2 * time.Second
)

// ErrTokenRefused is Reach's error when Slack refuses the bot token: the
// person starting the bot must fix it.
var ErrTokenRefused = errors.New("Slack refused the bot token")

// tokenRefused reports auth.test's answers that mean the token itself is
// refused: retrying cannot help, the person starting the bot must fix it.
func tokenRefused(code string) bool {
	switch code {
	case "invalid_auth", "not_authed", "account_inactive", "token_revoked",
		"token_expired", "not_allowed_token_type", "missing_scope":
		return true
	}
	return false
}

// Reach asks auth.test who the bot is. A refused token stops at once
// (ErrTokenRefused); a Slack that cannot be reached (network, DNS, a
// proxy, an outage) is retried a few times, saying so, then given up with
// its own words. delay <= 0 waits 2 s before the first retry.
func Reach(ctx context.Context, api *Client, apiURL string, delay time.Duration, log *slog.Logger) (*slack.AuthTestResponse, error) {
	if apiURL == "" {
		apiURL = slack.APIURL
	}
	if delay <= 0 {
		delay = defaultReachDelay
	}
	for attempt := 1; ; attempt++ {
		auth, err := api.AuthTestContext(ctx)
		if err == nil {
			return auth, nil
		}
		var se slack.SlackErrorResponse
		if errors.As(err, &se) && tokenRefused(se.Err) {
			return nil, fmt.Errorf("%w (auth.test: %s): check SLACK_BOT_TOKEN", ErrTokenRefused, se.Err)
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("stopped while reaching Slack: %w", ctx.Err())
		}
		if attempt == ReachAttempts {
			return nil, fmt.Errorf("cannot reach Slack at %s after %d attempts (auth.test: %v): check the network, a proxy or SLACK_API_URL", apiURL, attempt, err)
		}
		log.Warn("cannot reach Slack at "+apiURL+"; retrying", "attempt", attempt, "of", ReachAttempts, "in", delay, "err", err)
		select {
		case <-time.After(delay):
		case <-ctx.Done():
		}
		delay *= 2
	}
}
