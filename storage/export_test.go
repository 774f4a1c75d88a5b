package storage

// The hot path's statements, for the tests that read their plans.
const (
	LogHoursQuery          = logHoursQuery
	UserClientMinutesQuery = userClientMinutesQuery
)
