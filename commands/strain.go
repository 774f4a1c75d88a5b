package commands

// strainCommand is a placeholder until its feature lands.
func (s *Set) strainCommand() Command {
	return Command{Name: "/strain", Summary: "cmd.tact.help"}
}
