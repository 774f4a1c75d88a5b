package dialogs

import (
	"time"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/bot/blockkit"
	"github.com/tact-bot/tact/farewell"
	"github.com/tact-bot/tact/locale"
)

// farewellView builds the wizard's view for meta.Step from its state.
// Only the preview needs drafts; it gets them from the caller.
func farewellView(p *locale.Printer, meta farewellMeta, st farewellState, drafts farewell.Drafts) slack.ModalViewRequest {
	var blocks []slack.Block
	switch meta.Step {
	case stepEvidence:
		blocks = evidenceBlocks(p, st)
	case stepCheck:
		blocks = checkBlocks(p, st)
	case stepPath:
		blocks = pathBlocks(p, st.Decision)
	case stepDetails:
		blocks = detailsBlocks(p, st.Decision, st.Evidence)
	case stepPreview:
		blocks = previewBlocks(p, st.Decision.Client, drafts)
	default:
		return farewellNotice(p, meta, p.T("farewell.ui.loading", map[string]any{"Client": bot.Escape(meta.Name)}))
	}
	if meta.Step > stepEvidence {
		blocks = append(blocks, slack.NewActionBlock(blockNav,
			slack.NewButtonBlockElement(ActionFarewellBack, meta.Step.name(), plain(p.T("farewell.ui.back")))))
	}
	submit := "farewell.ui.next"
	if meta.Step == stepPreview {
		submit = "farewell.ui.save"
	}
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      CallbackFarewell,
		Title:           plain(locale.Clip(p.T("farewell.ui.title."+meta.Step.name()), 24)),
		Submit:          plain(locale.Clip(p.T(submit), 24)),
		Close:           plain(locale.Clip(p.T("farewell.ui.cancel"), 24)),
		Blocks:          slack.Blocks{BlockSet: blocks},
		PrivateMetadata: meta.String(),
		NotifyOnClose:   true,
	}
}

// farewellNotice is a view with one message and a close button: loading,
// preparing, refused, expired, done.
func farewellNotice(p *locale.Printer, meta farewellMeta, text string) slack.ModalViewRequest {
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      CallbackFarewell,
		Title:           plain(locale.Clip(p.T("farewell.ui.loading_title"), 24)),
		Close:           plain(locale.Clip(p.T("farewell.ui.close"), 24)),
		Blocks:          slack.Blocks{BlockSet: []slack.Block{slack.NewSectionBlock(mrkdwn(locale.Clip(text, blockkit.MaxSectionText)), nil, nil, slack.SectionBlockOptionBlockID(blockMessage))}},
		PrivateMetadata: meta.at(stepLoading).String(),
		NotifyOnClose:   true,
	}
}

func section(text string) *slack.SectionBlock {
	return blockkit.Section(text)
}

func option(value, text string) *slack.OptionBlockObject {
	return slack.NewOptionBlockObject(value, plain(locale.Clip(text, blockkit.MaxOptionText)), nil)
}

// input is an input block; hint "" shows none. Every wizard field is
// optional to Slack: the wizard checks what is required itself, so the
// messages are its own and in the user's language.
func input(block, label, hint string, el slack.BlockElement) *slack.InputBlock {
	var h *slack.TextBlockObject
	if hint != "" {
		h = plain(locale.Clip(hint, blockkit.MaxContextText))
	}
	return slack.NewInputBlock(block, plain(locale.Clip(label, blockkit.MaxContextText)), h, el).WithOptional(true)
}

// yesNoInput is a question answered yes or no.
func yesNoInput(p *locale.Printer, block, label, hint string, yes bool) *slack.InputBlock {
	y, n := option("yes", p.T("farewell.ui.yes")), option("no", p.T("farewell.ui.no"))
	radio := slack.NewRadioButtonsBlockElement(fieldAction(block), y, n)
	radio.InitialOption = n
	if yes {
		radio.InitialOption = y
	}
	return input(block, label, hint, radio)
}

// radioInput picks one of values, labelled by label(value).
func radioInput[T ~string](block, label, hint string, values []T, selected T, text func(T) string) *slack.InputBlock {
	radio := slack.NewRadioButtonsBlockElement(fieldAction(block))
	for _, v := range values {
		o := option(string(v), text(v))
		radio.Options = append(radio.Options, o)
		if v == selected {
			radio.InitialOption = o
		}
	}
	return input(block, label, hint, radio)
}

// checkboxesInput picks any of values.
func checkboxesInput[T ~string](block, label, hint string, values []T, selected []T, text func(T) string) *slack.InputBlock {
	boxes := slack.NewCheckboxGroupsBlockElement(fieldAction(block))
	for _, v := range values {
		o := option(string(v), text(v))
		boxes.Options = append(boxes.Options, o)
		for _, s := range selected {
			if s == v {
				boxes.InitialOptions = append(boxes.InitialOptions, o)
			}
		}
	}
	return input(block, label, hint, boxes)
}

// textInput is a plain-text field; multiline fields hold one item a line.
func textInput(block, label, hint, placeholder, value string, multiline bool, maxLen int) *slack.InputBlock {
	var ph *slack.TextBlockObject
	if placeholder != "" {
		ph = plain(locale.Clip(placeholder, blockkit.MaxPlaceholder))
	}
	el := slack.NewPlainTextInputBlockElement(ph, fieldAction(block)).WithMaxLength(maxLen).WithMultiline(multiline)
	if value != "" {
		el = el.WithInitialValue(clip(value, maxLen))
	}
	return input(block, label, hint, el)
}

func userInput(block, label, hint, user string) *slack.InputBlock {
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeUser, nil, fieldAction(block))
	sel.InitialUser = user
	return input(block, label, hint, sel)
}

func dateInput(block, label, hint string, day time.Time) *slack.InputBlock {
	dp := slack.NewDatePickerBlockElement(fieldAction(block))
	if !day.IsZero() {
		dp.InitialDate = day.Format(time.DateOnly)
	}
	return input(block, label, hint, dp)
}
