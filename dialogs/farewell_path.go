package dialogs

import (
	"strings"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/farewell"
	"github.com/tact-bot/tact/locale"
)

// pathBlocks is the third step: the three groups with their risks, the
// client's group and the path.
func pathBlocks(p *locale.Printer, d farewell.Decision) []slack.Block {
	lines := []string{p.T("farewell.ui.path.head")}
	for _, g := range farewell.Groups() {
		lines = append(lines, p.T("farewell.ui.path.group_line", map[string]any{
			"Group": p.T("farewell.group." + string(g)), "Risk": p.T("farewell.group_risk." + string(g)),
		}))
	}
	return []slack.Block{
		section(strings.Join(lines, "\n\n")),
		radioInput(blockGroup, p.T("farewell.ui.path.group"), "", farewell.Groups(), d.Group,
			func(g farewell.Group) string { return p.T("farewell.group." + string(g)) }),
		radioInput(blockPath, p.T("farewell.ui.path.path"), p.T("farewell.ui.path.path_hint"), farewell.Paths(), d.Path,
			func(x farewell.Path) string { return p.T("farewell.path." + string(x)) }),
	}
}

// readPath takes the group and path into the decision.
func readPath(v viewValues, d *farewell.Decision) {
	if g, ok := v.option(blockGroup); ok {
		d.Group = farewell.Group(g)
	}
	if x, ok := v.option(blockPath); ok {
		d.Path = farewell.Path(x)
	}
}
