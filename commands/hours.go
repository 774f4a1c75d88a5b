package commands

// hoursCommand is a placeholder until its feature lands.
func (s *Set) hoursCommand() Command {
	return Command{Name: "/hours", Summary: "cmd.tact.help"}
}
