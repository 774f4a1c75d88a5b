package commands

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
)

// clientCommand is `/client`: registering clients and what they bring in,
// the card and the list.
func (s *Set) clientCommand() Command {
	return Command{
		Name:      "/client",
		Summary:   "cmd.client.summary",
		UsageHint: "add <name> | list | show <client> | revenue <client> <amount>[/month|/week|/year] [from <date>] | cac <client> <amount> | archive <client> | restore <client> | export <client> | erase <client>",
		Subs: []Sub{
			{Name: "add", Usage: "add <name>", Summary: "cmd.client.add", Manager: true, Run: s.clientAdd},
			{Name: "list", Usage: "list", Summary: "cmd.client.list", Run: s.clientList},
			{Name: "show", Usage: "show <client>", Summary: "cmd.client.show", Run: s.clientShow},
			{Name: "revenue", Usage: "revenue <client> <amount>[/month|/week|/year] [from <date>]", Summary: "cmd.client.revenue", Manager: true, Run: s.clientRevenue},
			{Name: "cac", Usage: "cac <client> <amount>", Summary: "cmd.client.cac", Manager: true, Run: s.clientCAC},
			{Name: "archive", Usage: "archive <client>", Summary: "cmd.client.archive", Manager: true, Run: s.clientArchive},
			{Name: "restore", Usage: "restore <client>", Summary: "cmd.client.restore", Manager: true, Run: s.clientRestore},
			{Name: "export", Usage: "export <client>", Summary: "cmd.client.export", Manager: true, Run: s.clientExport},
			{Name: "erase", Usage: "erase <client>", Summary: "cmd.client.erase", Manager: true, Run: s.clientErase},
		},
	}
}

// deliveryOf names the write a request makes, so a redelivery writes nothing.
func deliveryOf(r *bot.Request) storage.Delivery {
	return storage.Delivery{TeamID: r.TeamID, UserID: r.UserID, Key: r.DeliveryKey()}
}

// replyToWrite answers a write's request with reply once the write is
// stored. A redelivery (ErrAlreadyClaimed) gets no answer: the first
// delivery has it.
func replyToWrite(ctx context.Context, r *bot.Request, err error, reply func() bot.Message) error {
	switch {
	case errors.Is(err, storage.ErrAlreadyClaimed):
		return nil
	case err != nil:
		return err
	}
	return r.Reply(ctx, reply())
}

// tellUser answers privately with plain text.
func (s *Set) tellUser(ctx context.Context, r *bot.Request, text string) error {
	return r.Reply(ctx, bot.Message{Text: text})
}

func (s *Set) clientAdd(ctx context.Context, r *bot.Request, args string) error {
	p := s.Catalog.For(r.Lang)
	name, err := ledger.ValidateClientName(bot.Unescape(args))
	switch {
	case errors.Is(err, ledger.ErrNameEmpty):
		return s.tellUser(ctx, r, p.T("client.add.usage"))
	case errors.Is(err, ledger.ErrNameTooLong):
		n := utf8.RuneCountInString(oneLine(bot.Unescape(args)))
		return s.tellUser(ctx, r, p.T("client.add.too_long", map[string]any{"Length": n, "Max": ledger.MaxClientNameRunes}))
	case err != nil:
		return s.tellUser(ctx, r, p.T("client.add.invalid"))
	}
	c, err := s.DB.AddClient(ctx, deliveryOf(r), name)
	switch {
	case errors.Is(err, storage.ErrAlreadyClaimed):
		return nil
	case errors.Is(err, storage.ErrConflict):
		return s.tellUser(ctx, r, p.T("client.add.taken", map[string]any{"Name": bot.Escape(s.existingName(ctx, r.TeamID, name))}))
	case err != nil:
		return err
	}
	done := p.T("client.add.done", map[string]any{"Name": bot.Escape(c.Name)})
	// What past partings teach, while the new client is still new.
	if lessons, _, err := s.lessons(ctx, r.TeamID, p); err != nil {
		return err
	} else if lessons != "" {
		done += "\n\n" + lessons
	}
	return s.tellUser(ctx, r, done)
}

// existingName is how the client clashing with name is spelled.
func (s *Set) existingName(ctx context.Context, teamID, name string) string {
	clients, err := s.DB.ListClients(ctx, teamID, true)
	if err != nil {
		return name
	}
	for _, c := range clients {
		if ledger.SameName(c.Name, name) {
			return c.Name
		}
	}
	return name
}

func (s *Set) clientShow(ctx context.Context, r *bot.Request, args string) error {
	res, ok, err := s.clientFrom(ctx, r, words(bot.Unescape(args)), true, "/client show Acme")
	if !ok || err != nil {
		return err
	}
	msg, err := s.ClientCardFor(ctx, r, res.Client.ID)
	if err != nil {
		return err
	}
	return r.Reply(ctx, msg)
}

func (s *Set) clientList(ctx context.Context, r *bot.Request, _ string) error {
	msg, err := s.ClientListMessage(ctx, r.TeamID, r.Lang)
	if err != nil {
		return err
	}
	return r.Reply(ctx, msg)
}

// clientAndInput reads `<client> <value>` for a figure of the client's
// (revenue, CAC): the client and the value as typed. When either is
// missing it tells the person (usage is the catalogue id of what to type,
// example the full command line) and returns ok=false.
func (s *Set) clientAndInput(ctx context.Context, r *bot.Request, args, example, usage string) (ledger.Resolution, string, bool, error) {
	res, ok, err := s.clientFrom(ctx, r, words(bot.Unescape(args)), false, example)
	if !ok || err != nil {
		return res, "", false, err
	}
	input := strings.Join(res.Rest, " ")
	if input == "" {
		p := s.Catalog.For(r.Lang)
		return res, "", false, s.tellUser(ctx, r, p.T(usage, map[string]any{"Name": bot.Escape(res.Client.Name)}))
	}
	return res, input, true, nil
}

func (s *Set) clientRevenue(ctx context.Context, r *bot.Request, args string) error {
	res, input, ok, err := s.clientAndInput(ctx, r, args, "/client revenue Acme 12000/month", "client.revenue.usage")
	if !ok || err != nil {
		return err
	}
	p := s.Catalog.For(r.Lang)
	name := res.Client.Name
	input, from, ok, err := s.startDay(ctx, r, p, input)
	if !ok {
		return err
	}
	minor, period, err := ledger.ParseAmountPeriod(input, locale.MinorDigits(s.Currency))
	if err != nil {
		return s.tellUser(ctx, r, amountProblem(p, err, amountAsked{
			Input: input, Currency: s.Currency, Example: "/client revenue " + name + " 12000/month", ZeroOK: true,
		}))
	}
	rev := ledger.Revenue{AmountMinor: minor, Period: period, From: from}
	prev, hadPrev, err := s.DB.SetRevenue(ctx, deliveryOf(r), res.Client.ID, rev)
	if errors.Is(err, storage.ErrAlreadyClaimed) {
		return nil
	}
	if err != nil {
		return err
	}
	amount := perPeriod(p, rev, s.Currency)
	if rev.Period != ledger.Month {
		amount += " " + p.T("client.revenue.about_monthly", map[string]any{"Amount": p.Money(ledger.MonthlyMinor(rev), s.Currency)})
	}
	data := map[string]any{"Name": bot.Escape(name), "Amount": amount, "Day": p.Date(rev.From)}
	if !hadPrev {
		return s.tellUser(ctx, r, p.T("client.revenue.done_first", data))
	}
	data["Prev"] = perPeriod(p, prev, s.Currency)
	return s.tellUser(ctx, r, p.T("client.revenue.done", data))
}

// perPeriod reads "$12,000 a month".
func perPeriod(p *locale.Printer, rev ledger.Revenue, currency string) string {
	period := rev.Period
	if !period.Valid() {
		period = ledger.DefaultPeriod
	}
	return p.T("client.per."+string(period), map[string]any{"Amount": p.Money(rev.AmountMinor, currency)})
}

func (s *Set) clientCAC(ctx context.Context, r *bot.Request, args string) error {
	res, input, ok, err := s.clientAndInput(ctx, r, args, "/client cac Acme 5000", "client.cac.usage")
	if !ok || err != nil {
		return err
	}
	p := s.Catalog.For(r.Lang)
	name := res.Client.Name
	// Zero is a real answer: a client that came by referral cost nothing.
	minor, err := ledger.ParseAmountOrZero(input, locale.MinorDigits(s.Currency))
	if err != nil {
		return s.tellUser(ctx, r, amountProblem(p, err, amountAsked{
			Input: input, Currency: s.Currency, Example: "/client cac " + name + " 5000", ZeroOK: true,
		}))
	}
	prev, hadPrev, err := s.DB.SetCAC(ctx, deliveryOf(r), res.Client.ID, minor)
	if errors.Is(err, storage.ErrAlreadyClaimed) {
		return nil
	}
	if err != nil {
		return err
	}
	data := map[string]any{"Name": bot.Escape(name), "Amount": p.Money(minor, s.Currency)}
	if !hadPrev {
		return s.tellUser(ctx, r, p.T("client.cac.done_first", data))
	}
	data["Prev"] = p.Money(prev, s.Currency)
	return s.tellUser(ctx, r, p.T("client.cac.done", data))
}

// clientExport sends one client's data to the manager's DM.
func (s *Set) clientExport(ctx context.Context, r *bot.Request, args string) error {
	res, ok, err := s.clientFrom(ctx, r, words(bot.Unescape(args)), true, "/client export Acme")
	if !ok || err != nil {
		return err
	}
	p := s.Catalog.For(r.Lang)
	if err := s.tellUser(ctx, r, p.T("export.started")); err != nil {
		return err
	}
	return s.Dialogs.Export(ctx, r, res.Client.ID, res.Client.Name)
}

// tactExport sends the workspace's data to the manager's DM.
func (s *Set) tactExport(ctx context.Context, r *bot.Request, _ string) error {
	p := s.Catalog.For(r.Lang)
	if err := s.tellUser(ctx, r, p.T("export.started")); err != nil {
		return err
	}
	return s.Dialogs.Export(ctx, r, 0, p.T("export.everything"))
}

// clientErase opens the erasure's confirmation.
func (s *Set) clientErase(ctx context.Context, r *bot.Request, args string) error {
	res, ok, err := s.clientFrom(ctx, r, words(bot.Unescape(args)), true, "/client erase Acme")
	if !ok || err != nil {
		return err
	}
	return s.Dialogs.OpenErase(ctx, r, *res.Client)
}

func (s *Set) clientArchive(ctx context.Context, r *bot.Request, args string) error {
	return s.moveClient(ctx, r, args, ledger.StatusArchived, "/client archive Acme")
}

func (s *Set) clientRestore(ctx context.Context, r *bot.Request, args string) error {
	return s.moveClient(ctx, r, args, ledger.StatusActive, "/client restore Acme")
}

// moveClient archives a client or brings one back.
func (s *Set) moveClient(ctx context.Context, r *bot.Request, args string, to ledger.Status, example string) error {
	p := s.Catalog.For(r.Lang)
	res, ok, err := s.clientFrom(ctx, r, words(bot.Unescape(args)), true, example)
	if !ok || err != nil {
		return err
	}
	msg := "client.archive"
	if to == ledger.StatusActive {
		msg = "client.restore"
	}
	data := map[string]any{"Name": bot.Escape(res.Client.Name)}
	archived := res.Client.Status == ledger.StatusArchived
	if archived == (to == ledger.StatusArchived) {
		return s.tellUser(ctx, r, p.T(msg+".already", data))
	}
	_, err = s.DB.SetStatus(ctx, deliveryOf(r), res.Client.ID, to, time.Time{})
	if errors.Is(err, storage.ErrAlreadyClaimed) {
		return nil
	}
	if errors.Is(err, storage.ErrErased) {
		return s.tellUser(ctx, r, p.T("erase.no_restore", data))
	}
	if err != nil {
		return err
	}
	return s.tellUser(ctx, r, p.T(msg+".done", data))
}
