package dialogs

import (
	"strings"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/farewell"
	"github.com/tact-bot/tact/locale"
)

// checkedMistakes are the mistakes of the second step: the ones a manager
// can tick (domain.md section 3). Deciding in the heat of the moment and
// long-term value come back in the preview's warnings once the path is
// known.
func checkedMistakes() []farewell.Mistake {
	return []farewell.Mistake{farewell.MistakeNotMeasuring, farewell.MistakeOwnPart, farewell.MistakeContext,
		farewell.MistakeBiasedDecider, farewell.MistakeWithdrawing}
}

// mistakeCheck points at the decision's check for a mistake.
func mistakeCheck(c *farewell.Checks, m farewell.Mistake) *bool {
	switch m {
	case farewell.MistakeNotMeasuring:
		return &c.MeasuredHours
	case farewell.MistakeOwnPart:
		return &c.OwnPart
	case farewell.MistakeContext:
		return &c.OnlyThisClient
	case farewell.MistakeBiasedDecider:
		return &c.IndependentDecider
	case farewell.MistakeWithdrawing:
		return &c.NotWithdrawing
	}
	return nil
}

// checkBlocks is the second step: each mistake to avoid as a checkbox, with
// what the data says about it as the hint.
func checkBlocks(p *locale.Printer, st farewellState) []slack.Block {
	// Every warning the evidence can raise: with nothing ticked, each
	// mistake has at least its own reminder.
	bare := st.Decision
	bare.Checks = farewell.Checks{}
	data := map[farewell.Mistake][]string{}
	for _, w := range farewell.Warnings(st.Evidence, bare) {
		data[w.Mistake()] = append(data[w.Mistake()], w.Text(p))
	}
	blocks := []slack.Block{section(p.T("farewell.ui.check.head"))}
	done := "yes"
	for _, m := range checkedMistakes() {
		var selected []string
		if *mistakeCheck(&st.Decision.Checks, m) {
			selected = []string{done}
		}
		block := blockCheckPrefix + string(m)
		blocks = append(blocks, checkboxesInput(block, p.T("farewell.mistake."+string(m)), strings.Join(data[m], " "),
			[]string{done}, selected, func(string) string { return p.T("farewell.ui.check.done") }))
	}
	blocks = append(blocks, userInput(blockReviewer, p.T("farewell.ui.check.reviewer"), p.T("farewell.ui.check.reviewer_hint"), st.Decision.Checks.Reviewer))
	return blocks
}

// readCheck takes the ticks and the reviewer into the decision.
func readCheck(v viewValues, d *farewell.Decision) {
	for _, m := range checkedMistakes() {
		v.ticked(blockCheckPrefix+string(m), mistakeCheck(&d.Checks, m))
	}
	v.user(blockReviewer, &d.Checks.Reviewer)
}
