package commands

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/bot/blockkit"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
)

// Workspace settings under /tact: department rates and people's
// departments.

// departmentsSections bounds /tact departments to about 15,000 characters.
const departmentsSections = 5

// peopleShown is how many members a department's line names.
const peopleShown = 25

// mention is a user as Slack escapes it in command text: <@U123|name> or <@U123>.
var mention = regexp.MustCompile(`^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$`)

// departmentProblem explains a department name NormalizeDepartment refused.
func departmentProblem(p *locale.Printer, err error, input string) string {
	if errors.Is(err, ledger.ErrDepartmentTooLong) {
		return p.T("tact.department.too_long", map[string]any{"Max": ledger.MaxDepartmentRunes})
	}
	return p.T("tact.department.invalid", map[string]any{"Input": locale.Clip(input, 60)})
}

func (s *Set) tactRate(ctx context.Context, r *bot.Request, args string) error {
	p := s.Catalog.For(r.Lang)
	w := words(bot.Unescape(args))
	if len(w) < 2 {
		return s.tellUser(ctx, r, p.T("tact.rate.usage"))
	}
	dept, err := ledger.NormalizeDepartment(w[0])
	if err != nil {
		return s.tellUser(ctx, r, departmentProblem(p, err, w[0]))
	}
	input, from, ok, err := s.startDay(ctx, r, p, strings.Join(w[1:], " "))
	if !ok {
		return err
	}
	perHour, err := ledger.ParseRate(input, locale.MinorDigits(s.Currency))
	if err != nil {
		return s.tellUser(ctx, r, amountProblem(p, err, amountAsked{
			Input: input, Currency: s.Currency, Example: "/tact rate " + dept + " 1500/h", Rate: true,
		}))
	}
	ch, err := s.DB.SetRate(ctx, deliveryOf(r), dept, perHour, from)
	if errors.Is(err, storage.ErrAlreadyClaimed) {
		return nil
	}
	if err != nil {
		return err
	}
	data := map[string]any{"Dept": bot.Escape(dept), "Amount": p.Money(perHour, s.Currency), "Day": p.Date(from)}
	switch {
	case ch.Created:
		return s.tellUser(ctx, r, p.T("tact.rate.created", data))
	case ch.HadPrev:
		data["Prev"] = p.Money(ch.Prev, s.Currency)
		return s.tellUser(ctx, r, p.T("tact.rate.done", data))
	}
	return s.tellUser(ctx, r, p.T("tact.rate.done_first", data))
}

func (s *Set) tactDept(ctx context.Context, r *bot.Request, args string) error {
	p := s.Catalog.For(r.Lang)
	w := words(args)
	if len(w) < 2 {
		return s.tellUser(ctx, r, p.T("tact.dept.usage"))
	}
	target, ok := personFrom(w[0], r.UserID)
	if !ok {
		return s.tellUser(ctx, r, p.T("tact.dept.who", map[string]any{"Input": bot.Escape(locale.Clip(bot.Unescape(w[0]), 40)), "Dept": "support"}))
	}
	manager, err := r.IsManager(ctx)
	if err != nil {
		return err
	}
	if target != r.UserID && !manager {
		return Refuse(ctx, r, s.Catalog)
	}
	input := bot.Unescape(strings.Join(w[1:], " "))
	dept, err := ledger.NormalizeDepartment(input)
	if err != nil {
		return s.tellUser(ctx, r, departmentProblem(p, err, input))
	}
	// Managers create departments on first use; others pick an existing one,
	// so a typo doesn't quietly start a department of one.
	ch, err := s.DB.SetPersonDepartment(ctx, deliveryOf(r), target, dept, manager)
	switch {
	case errors.Is(err, storage.ErrAlreadyClaimed):
		return nil
	case errors.Is(err, storage.ErrNotFound):
		return s.unknownDepartment(ctx, r, p, dept)
	case err != nil:
		return err
	}
	data := map[string]any{"Dept": bot.Escape(dept), "User": "<@" + target + ">", "Prev": bot.Escape(ch.Prev)}
	id := "tact.dept.done_other"
	if target == r.UserID {
		id = "tact.dept.done_me"
	}
	if ch.Prev != "" && ch.Prev != dept {
		id += "_was"
	}
	text := p.T(id, data)
	if ch.Created {
		text += "\n" + p.T("tact.dept.created", data)
	}
	return s.tellUser(ctx, r, text)
}

// personFrom reads `me` or a mention; self is the requesting user.
func personFrom(word, self string) (string, bool) {
	switch strings.ToLower(word) {
	case "me", "я", "мне", "меня", "себе":
		return self, true
	}
	if m := mention.FindStringSubmatch(word); m != nil {
		return m[1], true
	}
	return "", false
}

func (s *Set) unknownDepartment(ctx context.Context, r *bot.Request, p *locale.Printer, dept string) error {
	names, err := s.DB.DepartmentNames(ctx, r.TeamID)
	if err != nil {
		return err
	}
	if len(names) == 0 {
		return s.tellUser(ctx, r, p.T("tact.dept.none"))
	}
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = "`" + n + "`"
	}
	return s.tellUser(ctx, r, p.T("tact.dept.unknown", map[string]any{"Dept": bot.Escape(dept), "Names": p.ListOr(quoted)}))
}

func (s *Set) tactDepartments(ctx context.Context, r *bot.Request, _ string) error {
	depts, err := s.DB.Departments(ctx, r.TeamID, s.Today())
	if err != nil {
		return err
	}
	p := s.Catalog.For(r.Lang)
	return r.Reply(ctx, bot.Message{Text: p.T("tact.departments.fallback"), Blocks: DepartmentsBlocks(p, depts, s.Currency)})
}

// DepartmentsBlocks renders /tact departments within Block Kit's limits.
func DepartmentsBlocks(p *locale.Printer, depts []storage.Department, currency string) []slack.Block {
	blocks := []slack.Block{slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, p.T("tact.departments.title"), false, false))}
	if len(depts) == 0 {
		return append(blocks, blockkit.Section(p.T("tact.departments.empty")))
	}
	lines := make([]string, len(depts))
	for i, d := range depts {
		rate := p.T("tact.departments.no_rate")
		if d.HasRate {
			rate = p.T("tact.departments.rate", map[string]any{"Amount": p.Money(d.PerHourMinor, currency), "Day": p.Date(d.RateFrom)})
		}
		lines[i] = "• " + p.T("tact.departments.line", map[string]any{"Dept": bot.Escape(d.Name), "Rate": rate, "People": peopleText(p, d.People)})
	}
	blocks = append(blocks, blockkit.SectionsUpTo(lines, departmentsSections, func(n int) string { return p.N("tact.departments.more", n) })...)
	return append(blocks, blockkit.Context(p.T("tact.departments.hint")))
}

func peopleText(p *locale.Printer, people []string) string {
	if len(people) == 0 {
		return p.T("tact.departments.nobody")
	}
	shown := people
	if len(shown) > peopleShown {
		shown = shown[:peopleShown]
	}
	names := make([]string, len(shown), len(shown)+1)
	for i, u := range shown {
		names[i] = "<@" + u + ">"
	}
	if more := len(people) - len(shown); more > 0 {
		names = append(names, p.N("tact.departments.more_people", more))
	}
	return p.T("tact.departments.people", map[string]any{"Count": p.N("count.people", len(people)), "Names": p.List(names)})
}

// startDay cuts a start date ("from 2026-01-01", "с 01.01.2026") off the
// end of a command's text: the rest, and the day (today when none was
// typed). A date that can't be read is answered and ok is false.
func (s *Set) startDay(ctx context.Context, r *bot.Request, p *locale.Printer, text string) (rest string, day time.Time, ok bool, err error) {
	today := s.Today()
	rest, typed, found := ledger.CutFrom(text)
	if !found {
		return text, today, true, nil
	}
	day, err = ledger.ParseDay(typed, today)
	if err != nil {
		id := "tact.from.syntax"
		if errors.Is(err, ledger.ErrDateRange) {
			id = "tact.from.range"
		}
		return "", time.Time{}, false, s.tellUser(ctx, r, p.T(id, map[string]any{"Input": bot.Escape(locale.Clip(typed, 40))}))
	}
	return rest, day, true, nil
}
