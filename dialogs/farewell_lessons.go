package dialogs

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/bot/blockkit"
	"github.com/tact-bot/tact/farewell"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
)

// Lessons after a parting: the last-day reminder opens a three-question
// form; /tact lessons and /client add show the patterns across partings.

const (
	// ActionLessons opens the lessons form; the value is the decision's id.
	ActionLessons = "farewell.lessons"
	// CallbackLessons is the lessons form; its private_metadata is the
	// decision's id.
	CallbackLessons = "farewell.lessons.form"

	blockEarlySigns = "lessons.early_signs"
	blockWhen       = "lessons.when"
	blockScreenFor  = "lessons.screen_for"

	// lessonsShown is how many "screen for" answers a summary quotes.
	lessonsShown = 3
	// PartingsRead is how many past partings a summary reads.
	PartingsRead = 10
)

func (d *Dialogs) registerLessons(r *bot.Router) {
	r.Action(ActionLessons, d.scoped((*Dialogs).openLessons))
	r.ViewSubmission(CallbackLessons, d.scoped((*Dialogs).submitLessons))
}

// openLessons opens the form, for managers (checked server-side: the
// reminder is a DM, but a payload can be forged).
func (d *Dialogs) openLessons(ctx context.Context, r *bot.Request) error {
	p := d.Catalog.For(r.Lang)
	id, ok, err := d.managerDecision(ctx, r)
	if !ok {
		return err
	}
	_, err = d.openView(ctx, r, LessonsView(p, id), "farewell.lessons.open_failed")
	return err
}

// LessonsView is the three-question form.
func LessonsView(p *locale.Printer, decision int64) slack.ModalViewRequest {
	field := func(block, label, placeholder string) *slack.InputBlock {
		el := slack.NewPlainTextInputBlockElement(plain(p.T(placeholder)), fieldAction(block)).
			WithMultiline(true).WithMaxLength(farewell.MaxLessonRunes)
		return slack.NewInputBlock(block, plain(p.T(label)), nil, el).WithOptional(true)
	}
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      CallbackLessons,
		Title:           plain(locale.Clip(p.T("farewell.lessons.title"), 24)),
		Submit:          plain(locale.Clip(p.T("farewell.lessons.submit"), 24)),
		Close:           plain(locale.Clip(p.T("farewell.ui.close"), 24)),
		PrivateMetadata: strconv.FormatInt(decision, 10),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			section(p.T("farewell.lessons.intro")),
			field(blockEarlySigns, "farewell.lessons.early_signs", "farewell.lessons.early_signs_placeholder"),
			field(blockWhen, "farewell.lessons.when", "farewell.lessons.when_placeholder"),
			field(blockScreenFor, "farewell.lessons.screen_for", "farewell.lessons.screen_for_placeholder"),
		}},
	}
}

// submitLessons stores the answers, or asks for at least one.
func (d *Dialogs) submitLessons(ctx context.Context, r *bot.Request) error {
	p := d.Catalog.For(r.Lang)
	if ok, err := farewellAllowed(ctx, r); err != nil || !ok {
		r.Ack(bot.ViewErrors(map[string]string{blockEarlySigns: refusal(ctx, p, r)}))
		return err
	}
	decision, err := strconv.ParseInt(r.Interaction.View.PrivateMetadata, 10, 64)
	if err != nil || decision <= 0 {
		return fmt.Errorf("lessons form: bad metadata %q", r.Interaction.View.PrivateMetadata)
	}
	v := viewValues(r.ViewState())
	var l farewell.Lessons
	v.text(blockEarlySigns, &l.EarlySigns)
	v.text(blockWhen, &l.When)
	v.text(blockScreenFor, &l.ScreenFor)
	if l.Empty() {
		r.Ack(bot.ViewErrors(map[string]string{blockEarlySigns: p.T("farewell.lessons.empty")}))
		return nil
	}
	for block, s := range map[string]string{blockEarlySigns: l.EarlySigns, blockWhen: l.When, blockScreenFor: l.ScreenFor} {
		if utf8.RuneCountInString(s) > farewell.MaxLessonRunes {
			r.Ack(bot.ViewErrors(map[string]string{block: p.T("farewell.lessons.too_long", map[string]any{"Max": farewell.MaxLessonRunes})}))
			return nil
		}
	}
	client, err := d.DB.SaveLessons(ctx, deliveryOf(r), decision, l)
	switch {
	case errors.Is(err, storage.ErrAlreadyClaimed):
		r.Ack(nil)
		return nil
	case errors.Is(err, storage.ErrNotFound):
		r.Ack(bot.ViewErrors(map[string]string{blockEarlySigns: p.T("farewell.lessons.gone")}))
		return nil
	case err != nil:
		return err
	}
	r.Ack(bot.ViewUpdate(slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: CallbackLessons,
		Title:  plain(locale.Clip(p.T("farewell.lessons.title"), 24)),
		Close:  plain(locale.Clip(p.T("farewell.ui.close"), 24)),
		Blocks: slack.Blocks{BlockSet: []slack.Block{section(p.T("farewell.lessons.saved", map[string]any{"Client": bot.Escape(client)}))}},
	}))
	return nil
}

// LessonsText is what past partings teach, for /tact lessons and a new
// client: the patterns, then what past lessons say to screen for. ""
// when they teach nothing yet.
func LessonsText(p *locale.Printer, s farewell.LessonSummary) string {
	var lines []string
	for _, pt := range s.Patterns {
		lines = append(lines, "• "+p.T("farewell.lessons.pattern", map[string]any{
			"Count": p.Number(int64(pt.Count)), "Partings": p.N("farewell.lessons.partings", pt.Of),
			"Category": p.T("farewell.sign." + string(farewell.SignOf(pt.Category))),
		}))
	}
	for _, sf := range s.ScreenFor[:min(len(s.ScreenFor), lessonsShown)] {
		lines = append(lines, "• "+p.T("farewell.lessons.screen_line", map[string]any{"Text": bot.Escape(locale.Clip(oneLine(sf), 300))}))
	}
	if len(lines) == 0 {
		return ""
	}
	return locale.Clip(p.N("farewell.lessons.head", s.Partings)+"\n"+strings.Join(lines, "\n"), blockkit.MaxSectionText)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
