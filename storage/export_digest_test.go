package storage

// DigestPlanQueries are the queries behind DigestInput, by name, for the
// digest benchmark's check that their plans use indexes.
func DigestPlanQueries() map[string]string {
	return map[string]string{
		"clients":   listClientsQuery,
		"hours":     teamHoursQuery,
		"earlier":   minutesPerClientQuery,
		"incidents": teamIncidentsQuery,
		"revenue":   teamRevenueQuery,
		"rates":     ratesQuery,
		"strain":    latestStrainQuery,
	}
}
