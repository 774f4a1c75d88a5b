package commands

// digestCommand is a placeholder until its feature lands.
func (s *Set) digestCommand() Command {
	return Command{Name: "/digest", Summary: "cmd.tact.help"}
}
