package commands

// farewellCommand is a placeholder until its feature lands.
func (s *Set) farewellCommand() Command {
	return Command{Name: "/farewell", Summary: "cmd.tact.help"}
}
