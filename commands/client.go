package commands

// clientCommand is a placeholder until its feature lands.
func (s *Set) clientCommand() Command {
	return Command{Name: "/client", Summary: "cmd.tact.help"}
}
