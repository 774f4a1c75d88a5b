package dialogs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/imports"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
)

// Importing an export, for managers: /tact import (or a CSV dropped into
// the DM) opens the start modal; its submission downloads the file and
// shows the preview; confirming writes it as one import and posts the
// summary with Undo. Nothing is written before the confirmation, and
// every step is checked for a manager on the server side.

func (d *Dialogs) registerImports(r *bot.Router) {
	r.ViewSubmission(CallbackImportStart, d.scoped((*Dialogs).submitImportStart))
	r.ViewSubmission(CallbackImportPreview, d.scoped((*Dialogs).submitImportPreview))
	r.ViewSubmission(CallbackImportMapping, d.scoped((*Dialogs).submitImportMapping))
	r.Action(ActionImportFromDM, d.scoped((*Dialogs).importFromDM))
	r.Action(ActionImportUndo, d.scoped((*Dialogs).undoImportButton))
	r.Event(EventMessage, d.scoped((*Dialogs).fileDropped))
}

// EventMessage is the message event; Tact reads only files dropped into
// its DM (message.im).
const EventMessage = "message"

// progressEvery is how often a long import's modal shows its progress.
const progressEvery = 2 * time.Second

// importDeadline bounds an import once confirmed: a million rows take
// well under a minute here.
const importDeadline = 5 * time.Minute

// maxEmailLookups bounds users.lookupByEmail calls per preview (Slack
// allows about 100 a minute): the rest are matched by name.
const maxEmailLookups = 50

// OpenImport opens the import's start modal, asking for a file.
func (d *Dialogs) OpenImport(ctx context.Context, r *bot.Request) error {
	return d.openImport(ctx, r, importMeta{})
}

// openImport opens the start modal; meta names the file when it was
// dropped into the DM.
func (d *Dialogs) openImport(ctx context.Context, r *bot.Request, meta importMeta) error {
	if ok, err := d.managerOnly(ctx, r, "import.manager_only"); !ok {
		return err
	}
	if meta.Channel == "" {
		meta.Channel = r.ChannelID
	}
	_, err := d.openView(ctx, r, ImportStartView(d.Catalog.For(r.Lang), meta), "import.open_failed")
	return err
}

// managerOnly tells a non-manager what the id says and reports false.
func (d *Dialogs) managerOnly(ctx context.Context, r *bot.Request, id string) (bool, error) {
	ok, err := r.IsManager(ctx)
	if err != nil || ok {
		return ok, err
	}
	return false, d.say(ctx, r, d.Catalog.For(r.Lang).T(id, map[string]any{"Managers": r.Managers(ctx)}))
}

// fileDropped answers a CSV dropped into the DM with a button that opens
// the import with it.
func (d *Dialogs) fileDropped(ctx context.Context, r *bot.Request) error {
	e, ok := r.Event.Data.(*slackevents.MessageEvent)
	if !ok || e.SubType != "file_share" || e.ChannelType != "im" || e.BotID != "" || e.Message == nil || len(e.Message.Files) == 0 {
		return nil
	}
	p := d.Catalog.For(r.Lang)
	post := func(m bot.Message) error {
		_, err := r.API.Post(ctx, e.Channel, m)
		return err
	}
	manager, err := r.IsManager(ctx)
	if err != nil {
		return err
	}
	if !manager {
		return post(bot.Message{Text: p.T("import.manager_only", map[string]any{"Managers": r.Managers(ctx)})})
	}
	f := e.Message.Files[0]
	data := map[string]any{"File": noMarkup(f.Name), "MaxMB": imports.MaxFileBytes >> 20}
	if f.Size > imports.MaxFileBytes {
		return post(bot.Message{Text: p.T("import.file.too_large", data)})
	}
	meta := importMeta{Channel: e.Channel, File: f.ID, Name: f.Name}
	text := p.T("import.dm.offer", data)
	btn := slack.NewButtonBlockElement(ActionImportFromDM, meta.String(), plain(p.T("import.dm.button")))
	btn.Style = slack.StylePrimary
	return post(bot.Message{Text: text, Blocks: []slack.Block{
		slack.NewSectionBlock(mrkdwn(text), nil, nil), slack.NewActionBlock("", btn),
	}})
}

// importFromDM opens the start modal for the file under the button.
func (d *Dialogs) importFromDM(ctx context.Context, r *bot.Request) error {
	meta, err := parseImportMeta(r.Action.Value)
	if err != nil {
		return fmt.Errorf("import button: %w", err)
	}
	return d.openImport(ctx, r, meta)
}

// submitImportStart checks the form, answers at once with a "reading"
// view, then downloads the file and shows its preview.
func (d *Dialogs) submitImportStart(ctx context.Context, r *bot.Request) error {
	p := d.Catalog.For(r.Lang)
	meta, err := parseImportMeta(r.Interaction.View.PrivateMetadata)
	if err != nil {
		return fmt.Errorf("import modal: %w", err)
	}
	state := r.ViewState()
	meta.Kind = imports.Kind(state[BlockImportKind][ActionImportKind].SelectedOption.Value)
	if meta.File == "" {
		files := state[BlockImportFile][ActionImportFile].Files
		if len(files) == 0 {
			r.Ack(bot.ViewErrors(map[string]string{BlockImportFile: p.T("import.start.file_missing")}))
			return nil
		}
		meta.File, meta.Name = files[0].ID, files[0].Name
	}
	if ok, err := d.managerOnlyInModal(ctx, r, p); !ok {
		return err
	}
	r.Ack(bot.ViewUpdate(ImportStatusView(p, p.T("import.progress.reading", map[string]any{"File": noMarkup(meta.Name)}))))
	view := d.previewOrProblem(ctx, r, p, meta)
	return d.updateView(ctx, r, r.Interaction.View.ID, view)
}

// managerOnlyInModal refuses a submission by someone who is no longer a
// manager, in the modal itself.
func (d *Dialogs) managerOnlyInModal(ctx context.Context, r *bot.Request, p *locale.Printer) (bool, error) {
	ok, err := r.IsManager(ctx)
	if err != nil {
		return false, fmt.Errorf("checking manager: %w", err)
	}
	if !ok {
		r.Ack(bot.ViewUpdate(ImportStatusView(p, p.T("import.manager_only", map[string]any{"Managers": r.Managers(ctx)}))))
	}
	return ok, nil
}

// previewOrProblem reads the file and builds its preview, or the view
// saying what is wrong with it.
func (d *Dialogs) previewOrProblem(ctx context.Context, r *bot.Request, p *locale.Printer, meta importMeta) slack.ModalViewRequest {
	file, err := fetchExport(ctx, r.API, meta.File)
	if err != nil {
		d.Log.Info("import file not read", "err", err)
		return ImportStatusView(p, fileProblem(p, meta.Name, err))
	}
	defer file.Close()
	if view, ask := d.needsMapping(ctx, r, p, file, &meta); ask {
		return view
	}
	dir, err := d.importDirectory(ctx, r)
	if err != nil {
		d.Log.Error("import directory", "err", err)
		return ImportStatusView(p, p.T("import.failed_preview"))
	}
	plan, err := d.planImport(ctx, r, file, dir, imports.Choices{})
	if err != nil {
		return ImportStatusView(p, fileProblem(p, file.Name, err))
	}
	if plan.Kind != meta.Kind {
		return ImportStatusView(p, p.T("import.file.wrong_kind", map[string]any{
			"File": noMarkup(file.Name), "Format": p.T("import.format." + string(plan.Format)), "Kind": p.T("import.start." + string(plan.Kind)),
		}))
	}
	return ImportPreviewView(p, d.Currency, plan, candidates(dir.Clients), dir.Departments, meta)
}

// needsMapping reads a file of no known export through the mapping the
// manager just gave, or the one remembered for its columns; without
// either it returns the mapping step to show.
func (d *Dialogs) needsMapping(ctx context.Context, r *bot.Request, p *locale.Printer, file *exportFile, meta *importMeta) (slack.ModalViewRequest, bool) {
	if meta.Mapping != nil {
		file.mapping = meta.Mapping
		return slack.ModalViewRequest{}, false
	}
	if _, err := file.Reader(d.Currency); !errors.Is(err, imports.ErrUnknownFormat) {
		return slack.ModalViewRequest{}, false // a known export, or a problem the preview reports
	}
	h, err := file.Header()
	if err != nil {
		return slack.ModalViewRequest{}, false
	}
	meta.Sig = h.Signature
	m, ok, err := d.DB.ImportMapping(ctx, r.TeamID, h.Signature)
	if err != nil {
		d.Log.Error("import mapping", "err", err)
		return ImportStatusView(p, p.T("import.failed_preview")), true
	}
	if ok && m.Kind == meta.Kind && m.Check(len(h.Names)) == nil {
		meta.Mapping, file.mapping = &m, &m
		return slack.ModalViewRequest{}, false
	}
	return ImportMappingView(p, h, *meta), true
}

// submitImportMapping reads the mapping step and shows the preview
// through it.
func (d *Dialogs) submitImportMapping(ctx context.Context, r *bot.Request) error {
	p := d.Catalog.For(r.Lang)
	meta, err := parseImportMeta(r.Interaction.View.PrivateMetadata)
	if err != nil {
		return fmt.Errorf("import mapping: %w", err)
	}
	m, errs := readMapping(p, r.ViewState(), meta.Kind)
	if len(errs) > 0 {
		r.Ack(bot.ViewErrors(errs))
		return nil
	}
	if ok, err := d.managerOnlyInModal(ctx, r, p); !ok {
		return err
	}
	meta.Mapping = &m
	r.Ack(bot.ViewUpdate(ImportStatusView(p, p.T("import.progress.reading", map[string]any{"File": noMarkup(meta.Name)}))))
	return d.updateView(ctx, r, r.Interaction.View.ID, d.previewOrProblem(ctx, r, p, meta))
}

// planImport previews file; people the export names by an e-mail that
// users.list did not show are looked up one by one, then the file is
// planned again with them.
func (d *Dialogs) planImport(ctx context.Context, r *bot.Request, file *exportFile, dir *imports.Directory, now imports.Choices) (imports.Plan, error) {
	plan, err := planFile(file, d.Currency, dir, now)
	if err != nil {
		return plan, err
	}
	depts := personDepartments(dir)
	found, looked := 0, 0
	for _, pl := range plan.People {
		if pl.UserID != "" || pl.Email == "" || looked >= maxEmailLookups {
			continue
		}
		looked++
		u, err := r.API.GetUserByEmailContext(ctx, pl.Email)
		if err != nil {
			continue // users_not_found: not a member; matched by name or chosen
		}
		dir.People = append(dir.People, imports.Person{UserID: u.ID, RealName: u.Profile.RealName, DisplayName: u.Profile.DisplayName,
			Email: pl.Email, Department: depts[u.ID]})
		found++
	}
	if found == 0 {
		return plan, nil
	}
	return planFile(file, d.Currency, dir, now)
}

func personDepartments(dir *imports.Directory) map[string]string {
	m := map[string]string{}
	for _, p := range dir.People {
		if p.Department != "" {
			m[p.UserID] = p.Department
		}
	}
	return m
}

// planFile reads the whole file into a preview.
func planFile(file *exportFile, currency string, dir *imports.Directory, now imports.Choices) (imports.Plan, error) {
	rd, err := file.Reader(currency)
	if err != nil {
		return imports.Plan{}, err
	}
	pl := imports.NewPlanner(dir, now, rd)
	for row, err := range rows(rd) {
		if err != nil {
			return imports.Plan{}, err
		}
		pl.Add(row)
	}
	return pl.Plan(), nil
}

// rows ranges over a reader's rows.
func rows(rd *imports.Reader) iter.Seq2[imports.Row, error] {
	return func(yield func(imports.Row, error) bool) {
		for {
			row, err := rd.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if !yield(row, err) || err != nil {
				return
			}
		}
	}
}

// importDirectory is what the file's names are matched against: clients
// (archived too: history may belong to them), departments, Slack members
// with their departments, and the choices of earlier imports.
func (d *Dialogs) importDirectory(ctx context.Context, r *bot.Request) (*imports.Directory, error) {
	clients, err := d.DB.ListClients(ctx, r.TeamID, true)
	if err != nil {
		return nil, err
	}
	depts, err := d.DB.Departments(ctx, r.TeamID, d.Today())
	if err != nil {
		return nil, err
	}
	remembered, err := d.DB.ImportChoices(ctx, r.TeamID)
	if err != nil {
		return nil, err
	}
	members, err := r.API.GetUsersContext(ctx)
	if err != nil {
		return nil, fmt.Errorf("users.list: %w", err)
	}
	dir := &imports.Directory{Currency: d.Currency, Remembered: remembered}
	for _, c := range clients {
		dir.Clients = append(dir.Clients, imports.Client{ID: c.ID, Name: c.Name})
	}
	deptOf := map[string]string{}
	for _, dep := range depts {
		dir.Departments = append(dir.Departments, dep.Name)
		for _, u := range dep.People {
			deptOf[u] = dep.Name
		}
	}
	for _, m := range members {
		if m.Deleted || m.IsBot || m.ID == "USLACKBOT" {
			continue
		}
		dir.People = append(dir.People, imports.Person{UserID: m.ID, RealName: m.Profile.RealName, DisplayName: m.Profile.DisplayName,
			Email: m.Profile.Email, Department: deptOf[m.ID]})
	}
	return dir, nil
}

// submitImportPreview writes the file as the preview showed it, with the
// manager's choices, and posts the summary.
func (d *Dialogs) submitImportPreview(ctx context.Context, r *bot.Request) error {
	p := d.Catalog.For(r.Lang)
	meta, err := parseImportMeta(r.Interaction.View.PrivateMetadata)
	if err != nil {
		return fmt.Errorf("import preview: %w", err)
	}
	if ok, err := d.managerOnlyInModal(ctx, r, p); !ok {
		return err
	}
	now := readImportChoices(r.ViewState())
	viewID := r.Interaction.View.ID
	r.Ack(bot.ViewUpdate(ImportStatusView(p, p.T("import.progress.writing", map[string]any{"Rows": p.N("import.rows", meta.Rows)}))))
	// A 100 MB file is more work than a handler's usual deadline allows.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), importDeadline)
	defer cancel()
	imp, problem := d.runImport(ctx, r, p, meta, now)
	switch {
	case errors.Is(problem, storage.ErrAlreadyClaimed):
		return nil // a redelivered confirmation: the first one answers
	case problem != nil:
		return d.updateView(ctx, r, viewID, ImportStatusView(p, importProblemText(p, meta, problem)))
	}
	summary := ImportSummary(p, imp)
	if err := d.updateView(ctx, r, viewID, ImportStatusView(p, summary.Text)); err != nil {
		d.Log.Warn("import result view", "err", err)
	}
	return d.postSummary(ctx, r, meta.Channel, summary)
}

// errNothingToImport: the choices left no row to write.
var errNothingToImport = errors.New("no row to import")

// runImport downloads the file again and writes it as one import, showing
// progress in the modal while it runs.
func (d *Dialogs) runImport(ctx context.Context, r *bot.Request, p *locale.Printer, meta importMeta, now imports.Choices) (storage.Import, error) {
	file, err := fetchExport(ctx, r.API, meta.File)
	if err != nil {
		return storage.Import{}, err
	}
	defer file.Close()
	file.mapping = meta.Mapping
	dir, err := d.importDirectory(ctx, r)
	if err != nil {
		return storage.Import{}, err
	}
	// The preview's e-mail lookups, again, so rows resolve as shown.
	plan, err := d.planImport(ctx, r, file, dir, now)
	if err != nil {
		return storage.Import{}, err
	}
	if plan.Valid == 0 {
		return storage.Import{}, errNothingToImport
	}
	rd, err := file.Reader(d.Currency)
	if err != nil {
		return storage.Import{}, err
	}
	var done atomic.Int64
	stop := d.showProgress(ctx, r, p, &done, plan.Rows)
	defer stop()
	in := storage.ImportInput{Kind: rd.Kind(), Format: rd.Format, FileName: file.Name, Channel: meta.Channel,
		Skipped: plan.SkipCount, Choices: now, Mapping: meta.Mapping, Signature: meta.Sig}
	return d.DB.SaveImport(ctx, deliveryOf(r), in, resolvedRows(rd, dir, now, &done))
}

// resolvedRows streams the rows to write, decided exactly as the preview.
func resolvedRows(rd *imports.Reader, dir *imports.Directory, now imports.Choices, done *atomic.Int64) iter.Seq2[storage.ImportRow, error] {
	resolver := imports.NewResolver(dir, now)
	return func(yield func(storage.ImportRow, error) bool) {
		for row, err := range rows(rd) {
			if err != nil {
				yield(storage.ImportRow{}, err)
				return
			}
			done.Add(1)
			res := resolver.Resolve(row)
			if res.Err != nil {
				continue
			}
			out := storage.ImportRow{ClientID: res.Client.ClientID, Hours: row.Hours, Invoice: row.Invoice,
				UserID: res.Person.UserID, Dept: res.Person.Department}
			if res.Client.Create {
				out.ClientID, out.NewClient = 0, res.Client.Name
			}
			if !yield(out, nil) {
				return
			}
		}
	}
}

// showProgress updates the modal with the rows written so far every few
// seconds, until stop is called.
func (d *Dialogs) showProgress(ctx context.Context, r *bot.Request, p *locale.Printer, done *atomic.Int64, total int) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(progressEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				text := p.T("import.progress.rows", map[string]any{"Done": p.Number(done.Load()), "Total": p.N("import.rows", total)})
				if err := d.updateView(ctx, r, r.Interaction.View.ID, ImportStatusView(p, text)); err != nil && ctx.Err() == nil {
					d.Log.Warn("import progress", "err", err)
				}
			}
		}
	}()
	return func() { cancel(); <-finished }
}

// importProblemText says why nothing was imported.
func importProblemText(p *locale.Printer, meta importMeta, err error) string {
	switch {
	case errors.Is(err, errNothingToImport):
		return p.T("import.preview.nothing")
	case errors.Is(err, errFileGone), errors.Is(err, errDownload), errors.Is(err, errFileTooLarge),
		errors.Is(err, imports.ErrNotCSV), errors.Is(err, imports.ErrEmpty), errors.Is(err, imports.ErrUnknownFormat):
		return fileProblem(p, meta.Name, err)
	case errors.Is(err, storage.ErrOutcomeUnknown):
		return p.T("import.failed_unknown", map[string]any{"File": noMarkup(meta.Name)})
	}
	return p.T("import.failed", map[string]any{"File": noMarkup(meta.Name)})
}

// postSummary posts the import's summary where it started, else in the
// manager's DM (the bot may not be in that channel).
func (d *Dialogs) postSummary(ctx context.Context, r *bot.Request, channel string, m bot.Message) error {
	if channel != "" {
		_, err := r.API.Post(ctx, channel, m)
		if err == nil {
			return nil
		}
		d.Log.Warn("import summary not posted in its channel; sending a DM", "err", err)
	}
	if _, err := r.API.DM(ctx, r.UserID, m); err != nil {
		return fmt.Errorf("posting the import summary: %w", err)
	}
	return nil
}

// undoImportButton undoes the import under the summary's button.
func (d *Dialogs) undoImportButton(ctx context.Context, r *bot.Request) error {
	return d.UndoImport(ctx, r, r.Action.Value, true)
}

// UndoImport takes an import's rows out, for a manager; replace says the
// answer replaces the summary message (the button) instead of a reply.
func (d *Dialogs) UndoImport(ctx context.Context, r *bot.Request, shortID string, replace bool) error {
	p := d.Catalog.For(r.Lang)
	if ok, err := d.managerOnly(ctx, r, "import.manager_only"); !ok {
		return err
	}
	imp, err := d.DB.ImportByShortID(ctx, r.TeamID, shortID)
	if errors.Is(err, storage.ErrNotFound) {
		return d.say(ctx, r, p.T("import.undo.unknown", map[string]any{"ID": noMarkup(shortID)}))
	}
	if err != nil {
		return err
	}
	if !imp.UndoneAt.IsZero() {
		return d.say(ctx, r, p.T("import.undo.already", map[string]any{"ID": imp.ShortID}))
	}
	removed, err := d.DB.UndoImport(ctx, deliveryOf(r), imp.ID)
	switch {
	case errors.Is(err, storage.ErrAlreadyClaimed):
		return nil
	case err != nil:
		return err
	}
	m := ImportUndone(p, imp, removed)
	m.ReplaceOriginal = replace
	return r.Reply(ctx, m)
}
