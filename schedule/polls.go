package schedule

import (
	"context"
	"time"
)

// ClosePollsSpec runs the close job every minute: a poll closes at most a
// minute after its time, on whichever replica gets there first.
const ClosePollsSpec = "* * * * *"

// PollCloser closes the strain polls and pulses whose time is up at now and
// posts their results. Implementations make each close happen once across
// replicas (claimed in PostgreSQL).
type PollCloser interface {
	CloseDue(ctx context.Context, now time.Time) error
}

// ClosePolls is the job closing strain polls and pulses.
type ClosePolls struct {
	Polls PollCloser
}

// Name names the job in logs.
func (ClosePolls) Name() string { return "strain-close" }

// Run closes what is due at now.
func (j ClosePolls) Run(ctx context.Context, now time.Time) error {
	return j.Polls.CloseDue(ctx, now)
}
