package commands

// incidentCommand is a placeholder until its feature lands.
func (s *Set) incidentCommand() Command {
	return Command{Name: "/incident", Summary: "cmd.tact.help"}
}
