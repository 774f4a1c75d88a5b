package digest

// TeamSignalKind says why the team, not a client, may be the problem.
type TeamSignalKind string

const (
	// TeamStrain: the median of the clients' latest strain is at or above
	// StrainHighScore.
	TeamStrain TeamSignalKind = "strain"
	// TeamIncidents: more than half of the clients with incidents in the
	// last IncidentWeeks weeks have more in the last TrendWeeks than in the
	// TrendWeeks before.
	TeamIncidents TeamSignalKind = "incidents"
)

// MinTeamClients is how many clients a team-wide signal needs behind it.
const MinTeamClients = 3

// TeamSignal is "is it us?": most clients unhappy at once. Value is the
// median strain (TeamStrain); Count of Of clients have rising incidents
// (TeamIncidents) or a strain score (TeamStrain).
type TeamSignal struct {
	Kind      TeamSignalKind
	Value     float64
	Count, Of int
}

// itIsUs reads the team-wide signal, strain first.
func itIsUs(clients []ClientFigures, m Comparison) *TeamSignal {
	if m.StrainClients >= MinTeamClients && m.Strain >= StrainHighScore-epsilon {
		return &TeamSignal{Kind: TeamStrain, Value: m.Strain, Count: m.StrainClients, Of: len(clients)}
	}
	with, rising := 0, 0
	for _, c := range clients {
		if c.Incidents4w+c.IncidentsPrev4w == 0 {
			continue
		}
		with++
		if c.Incidents4w > c.IncidentsPrev4w {
			rising++
		}
	}
	if with >= MinTeamClients && 2*rising > with {
		return &TeamSignal{Kind: TeamIncidents, Count: rising, Of: with}
	}
	return nil
}
