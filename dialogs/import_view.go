package dialogs

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/bot/blockkit"
	"github.com/tact-bot/tact/imports"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
)

// The import's views: the start modal (a file and what it holds), the
// preview with a select for every name that needs the manager, the
// progress and result views, and the summary message with Undo.

// Import ids: the modals' callbacks, their blocks and the buttons.
const (
	CallbackImportStart   = "import.modal.start"
	CallbackImportPreview = "import.modal.preview"
	CallbackImportStatus  = "import.modal.status" // progress, result, problem: nothing to submit
	CallbackImportMapping = "import.modal.mapping"

	// Mapping step: a select per field (block "map:<field>") and the
	// order of dates with slashes.
	blockImportMap    = "map:"
	ActionImportMap   = "import.map"
	BlockImportOrder  = "map.order"
	ActionImportOrder = "import.map.order"

	BlockImportKind  = "import.kind"
	ActionImportKind = "import.kind"
	BlockImportFile  = "import.file"
	ActionImportFile = "import.file"

	// Preview selects: the block id is the prefix and the name's key.
	blockImportClient  = "ic:"
	blockImportPerson  = "ip:"
	ActionImportChoice = "import.choice"

	ActionImportFromDM = "import.dm" // the button under a file dropped into the DM; value: the file id
	ActionImportUndo   = "import.undo"
)

// Option values of the preview's selects.
const (
	choiceNew    = "new"
	choiceSkip   = "skip"
	choiceClient = "c:"
	choiceDept   = "d:"
)

// maxImportSelects bounds the names asked about one by one in a preview:
// a modal holds 100 blocks; the rest take their default (a new client,
// rows left out for a person) and the preview says how many.
const maxImportSelects = 20

// importMeta is what the import's modals carry between steps.
type importMeta struct {
	Version int          `json:"v"`
	Channel string       `json:"ch,omitempty"` // where the summary goes
	File    string       `json:"f,omitempty"`  // the shared file, once known
	Name    string       `json:"fn,omitempty"` // its name, for the DM path's start modal
	Kind    imports.Kind `json:"k,omitempty"`
	Rows    int          `json:"n,omitempty"` // rows the preview read, for progress
	// Mapping reads a generic file, Sig its header's signature.
	Mapping *imports.Mapping `json:"m,omitempty"`
	Sig     string           `json:"s,omitempty"`
}

const importMetaVersion = 1

func (m importMeta) String() string {
	m.Version = importMetaVersion
	m.Name = locale.Clip(m.Name, 200)
	b, _ := json.Marshal(m) // short strings and ints: cannot fail, and fit
	return string(b)
}

func parseImportMeta(s string) (importMeta, error) {
	var m importMeta
	err := decodeMeta(s, &m, &m.Version, importMetaVersion)
	return m, err
}

// ImportStartView asks for the file (unless it came through the DM) and
// what it holds.
func ImportStartView(p *locale.Printer, meta importMeta) slack.ModalViewRequest {
	kinds := []*slack.OptionBlockObject{
		slack.NewOptionBlockObject(string(imports.KindHours), plain(p.T("import.start.hours")), plain(p.T("import.start.hours_hint"))),
		slack.NewOptionBlockObject(string(imports.KindInvoices), plain(p.T("import.start.invoices")), plain(p.T("import.start.invoices_hint"))),
	}
	radio := slack.NewRadioButtonsBlockElement(ActionImportKind, kinds...)
	radio.InitialOption = kinds[0]
	if meta.Kind == imports.KindInvoices {
		radio.InitialOption = kinds[1]
	}
	blocks := []slack.Block{slack.NewInputBlock(BlockImportKind, plain(p.T("import.start.kind")), nil, radio)}
	if meta.File == "" {
		file := slack.NewFileInputBlockElement(ActionImportFile).WithFileTypes("csv").WithMaxFiles(1)
		blocks = append(blocks, slack.NewInputBlock(BlockImportFile, plain(p.T("import.start.file")), plain(p.T("import.start.file_hint")), file))
	} else {
		blocks = append(blocks, blockkit.Section(p.T("import.start.dm_file", map[string]any{"File": noMarkup(meta.Name)})))
	}
	blocks = append(blocks, slack.NewContextBlock("", mrkdwn(p.T("import.start.formats"))))
	return slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: CallbackImportStart,
		Title: plain(p.T("import.title")), Submit: plain(p.T("import.start.submit")), Close: plain(p.T("import.close")),
		Blocks: slack.Blocks{BlockSet: blocks}, PrivateMetadata: meta.String(),
	}
}

// ImportMappingView asks which column of an unknown file holds what.
func ImportMappingView(p *locale.Printer, h imports.Header, meta importMeta) slack.ModalViewRequest {
	blocks := []slack.Block{blockkit.Section(p.T("import.map.intro", map[string]any{"File": noMarkup(meta.Name)}))}
	var cols []*slack.OptionBlockObject
	for i, n := range h.Names {
		if i >= blockkit.MaxStaticSelect {
			break
		}
		name := n
		if name == "" {
			name = p.T("import.map.unnamed")
		}
		cols = append(cols, slack.NewOptionBlockObject(strconv.Itoa(i), plain(locale.Clip(fmt.Sprintf("%d · %s", i+1, name), blockkit.MaxOptionText)), nil))
	}
	all, required := imports.Fields(meta.Kind)
	for _, f := range all {
		sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain(p.T("import.map.placeholder")), ActionImportMap, cols...)
		in := slack.NewInputBlock(blockImportMap+string(f), plain(p.T("import.map.field."+string(f))), nil, sel)
		in.Optional = !slices.Contains(required, f)
		blocks = append(blocks, in)
	}
	orders := []*slack.OptionBlockObject{
		slack.NewOptionBlockObject("month", plain(p.T("import.map.month_first")), nil),
		slack.NewOptionBlockObject("day", plain(p.T("import.map.day_first")), nil),
	}
	radio := slack.NewRadioButtonsBlockElement(ActionImportOrder, orders...)
	radio.InitialOption = orders[0]
	blocks = append(blocks, slack.NewInputBlock(BlockImportOrder, plain(p.T("import.map.order")), plain(p.T("import.map.order_hint")), radio))
	return slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: CallbackImportMapping,
		Title: plain(p.T("import.title")), Submit: plain(p.T("import.start.submit")), Close: plain(p.T("import.close")),
		Blocks: slack.Blocks{BlockSet: blocks}, PrivateMetadata: meta.String(),
	}
}

// readMapping reads the mapping step, with an error under every required
// field left empty.
func readMapping(p *locale.Printer, state map[string]map[string]slack.BlockAction, kind imports.Kind) (imports.Mapping, map[string]string) {
	m := imports.Mapping{Kind: kind, Columns: map[imports.Field]int{},
		DayFirst: state[BlockImportOrder][ActionImportOrder].SelectedOption.Value == "day"}
	errs := map[string]string{}
	all, required := imports.Fields(kind)
	for _, f := range all {
		v := state[blockImportMap+string(f)][ActionImportMap].SelectedOption.Value
		if i, err := strconv.Atoi(v); err == nil && i >= 0 {
			m.Columns[f] = i
		} else if slices.Contains(required, f) {
			errs[blockImportMap+string(f)] = p.T("import.map.required")
		}
	}
	return m, errs
}

// ImportStatusView is a view with one text and nothing to submit: the
// progress of a step, its result, or why it could not go on.
func ImportStatusView(p *locale.Printer, text string) slack.ModalViewRequest {
	return statusView(p, CallbackImportStatus, p.T("import.title"), text)
}

// statusView is a modal with one text and a Close button.
func statusView(p *locale.Printer, callback, title, text string) slack.ModalViewRequest {
	return slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: callback,
		Title: plain(title), Close: plain(p.T("import.done_close")),
		Blocks: slack.Blocks{BlockSet: blockkit.SectionsUpTo(strings.Split(text, "\n"), 10, nil)},
	}
}

// ImportPreviewView shows what a file would add, with a select for every
// client and person that needs the manager; a file with nothing to import
// and nothing to choose has no submit button.
func ImportPreviewView(p *locale.Printer, currency string, plan imports.Plan, clients []ledger.Client, depts []string, meta importMeta) slack.ModalViewRequest {
	meta.Rows = plan.Rows
	blocks := []slack.Block{blockkit.Section(importSummary(p, currency, plan))}
	asked := 0
	var matched []string
	for _, c := range plan.Clients {
		if c.Match == imports.Matched {
			matched = append(matched, p.T("import.preview.client_line", map[string]any{"Name": noMarkup(c.Name), "Rows": p.N("import.rows", c.Rows)}))
			continue
		}
		if asked < maxImportSelects {
			blocks = append(blocks, clientChoiceInput(p, c, clients))
			asked++
		}
	}
	if len(matched) > 0 {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(locale.Clip(p.T("import.preview.matched_clients")+" "+strings.Join(matched, ", "), blockkit.MaxContextText))))
	}
	var known []string
	for _, pl := range plan.People {
		if pl.UserID != "" && pl.Department != "" {
			known = append(known, p.T("import.preview.person_line", map[string]any{"Name": noMarkup(pl.Name), "User": "<@" + pl.UserID + ">", "Dept": pl.Department}))
			continue
		}
		if asked < maxImportSelects && len(depts) > 0 {
			blocks = append(blocks, personChoiceInput(p, pl, depts))
			asked++
		}
	}
	if len(known) > 0 {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(locale.Clip(p.T("import.preview.matched_people")+" "+strings.Join(known, ", "), blockkit.MaxContextText))))
	}
	if plan.SkipCount > 0 {
		blocks = append(blocks, blockkit.Section(importSkips(p, plan)))
	}
	view := slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: CallbackImportPreview,
		Title: plain(p.T("import.title")), Close: plain(p.T("import.close")),
		Blocks: slack.Blocks{BlockSet: blocks}, PrivateMetadata: meta.String(),
	}
	if plan.Valid > 0 || asked > 0 {
		view.Submit = plain(p.T("import.preview.submit"))
	} else {
		view.Blocks.BlockSet = append(view.Blocks.BlockSet, blockkit.Section(p.T("import.preview.nothing")))
	}
	return view
}

// importSummary is the preview's first lines: the format, rows, range and
// total, and how many rows would be written.
func importSummary(p *locale.Printer, currency string, plan imports.Plan) string {
	data := map[string]any{
		"Format": p.T("import.format." + string(plan.Format)), "Rows": p.N("import.rows", plan.Rows),
		"Valid": p.N("import.rows", plan.Valid),
	}
	lines := []string{p.T("import.preview.read", data)}
	if plan.Valid > 0 {
		data["Range"] = p.DateRange(plan.From, plan.To)
		if plan.Kind == imports.KindHours {
			data["Total"] = p.Hours(int(min(plan.Minutes, 1<<31-1)))
			lines = append(lines, p.T("import.preview.hours_total", data))
		} else {
			data["Total"], data["Outstanding"] = p.Money(plan.Amount, currency), p.Money(plan.Outstanding, currency)
			lines = append(lines, p.T("import.preview.invoices_total", data))
		}
	}
	return strings.Join(lines, "\n")
}

// importSkips lists the rows left out, with line, column and reason.
func importSkips(p *locale.Printer, plan imports.Plan) string {
	lines := []string{p.N("import.preview.skipped", plan.SkipCount)}
	for _, s := range plan.Skips {
		data := map[string]any{"Line": s.Line, "Column": noMarkup(s.Column), "Value": noMarkup(imports.Neutral(s.Value)),
			"Reason": p.T(skipReasonID(s.Err))}
		id := "import.skip.row"
		if s.Column != "" {
			id = "import.skip.cell"
		}
		lines = append(lines, p.T(id, data))
	}
	if more := plan.SkipCount - len(plan.Skips); more > 0 {
		lines = append(lines, p.N("import.skip.more", more))
	}
	return locale.Clip(strings.Join(lines, "\n"), blockkit.SectionRoom)
}

// skipReasonID names why a row is left out, in the catalogue.
func skipReasonID(err error) string {
	for _, r := range []struct {
		err error
		id  string
	}{
		{imports.ErrDate, "date"}, {imports.ErrDurationRange, "duration_range"}, {imports.ErrDuration, "duration"},
		{imports.ErrAmount, "amount"}, {imports.ErrMissing, "missing"}, {imports.ErrTooManyColumns, "columns"},
		{imports.ErrNotCSV, "not_csv"}, {imports.ErrClientSkipped, "client_skipped"}, {imports.ErrPersonSkipped, "person_skipped"},
		{imports.ErrNoDepartment, "no_department"}, {imports.ErrCurrency, "currency"},
	} {
		if errors.Is(err, r.err) {
			return "import.reason." + r.id
		}
	}
	return "import.reason.unreadable"
}

func clientChoiceInput(p *locale.Printer, c imports.ClientLine, clients []ledger.Client) slack.Block {
	name := locale.Clip(noMarkup(imports.Neutral(c.Name)), 40)
	opts := []*slack.OptionBlockObject{
		slack.NewOptionBlockObject(choiceNew, plain(locale.Clip(p.T("import.choice.create", map[string]any{"Name": name}), blockkit.MaxOptionText)), nil),
		slack.NewOptionBlockObject(choiceSkip, plain(p.T("import.choice.skip_client")), nil),
	}
	initial := opts[0]
	if c.Match == imports.Skipped {
		initial = opts[1]
	}
	// Close names first, then the rest, as many as a static select takes.
	seen := map[int64]bool{}
	for _, list := range [][]ledger.Client{candidates(c.Candidates), clients} {
		for _, k := range list {
			if seen[k.ID] || len(opts) >= blockkit.MaxStaticSelect {
				continue
			}
			seen[k.ID] = true
			o := slack.NewOptionBlockObject(choiceClient+strconv.FormatInt(k.ID, 10), plain(locale.Clip(k.Name, blockkit.MaxOptionText)), nil)
			opts = append(opts, o)
			if k.ID == c.ClientID && !c.Create {
				initial = o
			}
		}
	}
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain(p.T("import.choice.placeholder")), ActionImportChoice, opts...)
	sel.InitialOption = initial
	label := p.T("import.choice.client_"+string(c.Match), map[string]any{"Name": name, "Rows": p.N("import.rows", c.Rows)})
	in := slack.NewInputBlock(importBlockID(blockImportClient, imports.Key(c.Name)), plain(locale.Clip(label, blockkit.MaxContextText)), nil, sel)
	in.Optional = true
	return in
}

func candidates(cs []imports.Client) []ledger.Client {
	out := make([]ledger.Client, len(cs))
	for i, c := range cs {
		out[i] = ledger.Client{ID: c.ID, Name: c.Name}
	}
	return out
}

func personChoiceInput(p *locale.Printer, pl imports.PersonLine, depts []string) slack.Block {
	opts := []*slack.OptionBlockObject{slack.NewOptionBlockObject(choiceSkip, plain(p.T("import.choice.skip_person")), nil)}
	initial := opts[0]
	for _, d := range depts {
		if len(opts) >= blockkit.MaxStaticSelect {
			break
		}
		o := slack.NewOptionBlockObject(choiceDept+d, plain(locale.Clip(p.T("import.choice.dept", map[string]any{"Dept": d}), blockkit.MaxOptionText)), nil)
		opts = append(opts, o)
		if d == pl.Department {
			initial = o
		}
	}
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain(p.T("import.choice.placeholder")), ActionImportChoice, opts...)
	sel.InitialOption = initial
	who := noMarkup(imports.Neutral(pl.Name))
	if who == "" {
		who = noMarkup(imports.Neutral(pl.Email))
	}
	id := "import.choice.person_unknown"
	if pl.UserID != "" {
		id = "import.choice.person_no_dept"
	}
	label := p.T(id, map[string]any{"Name": locale.Clip(who, 60), "Rows": p.N("import.rows", pl.Rows)})
	in := slack.NewInputBlock(importBlockID(blockImportPerson, imports.PersonKey(pl.Name, pl.Email)), plain(locale.Clip(label, blockkit.MaxContextText)), nil, sel)
	in.Optional = true
	return in
}

// importBlockID keys a select by the name it asks about (Slack allows
// 255 characters; longer names are cut, and read back the same way).
func importBlockID(prefix, key string) string {
	return prefix + clip(key, 250)
}

// readImportChoices reads the preview's selects back into choices.
func readImportChoices(state map[string]map[string]slack.BlockAction) imports.Choices {
	c := imports.Choices{Clients: map[string]imports.ClientChoice{}, People: map[string]imports.PersonChoice{}}
	for blockID, actions := range state {
		v := actions[ActionImportChoice].SelectedOption.Value
		switch {
		case v == "":
		case strings.HasPrefix(blockID, blockImportClient):
			key := strings.TrimPrefix(blockID, blockImportClient)
			switch {
			case v == choiceNew:
				c.Clients[key] = imports.ClientChoice{Create: true}
			case v == choiceSkip:
				c.Clients[key] = imports.ClientChoice{Skip: true}
			case strings.HasPrefix(v, choiceClient):
				if id, err := strconv.ParseInt(strings.TrimPrefix(v, choiceClient), 10, 64); err == nil && id > 0 {
					c.Clients[key] = imports.ClientChoice{ClientID: id}
				}
			}
		case strings.HasPrefix(blockID, blockImportPerson):
			key := strings.TrimPrefix(blockID, blockImportPerson)
			if v == choiceSkip {
				c.People[key] = imports.PersonChoice{Skip: true}
			} else if dept, ok := strings.CutPrefix(v, choiceDept); ok {
				c.People[key] = imports.PersonChoice{Department: dept}
			}
		}
	}
	return c
}

// ImportSummary is the message after an import: what was added, already
// there and left out, its short id, and Undo.
func ImportSummary(p *locale.Printer, imp storage.Import) bot.Message {
	data := map[string]any{
		"File": noMarkup(imp.FileName), "Format": p.T("import.format." + string(imp.Format)), "ID": imp.ShortID,
		"Added": p.N("import.rows", imp.Added), "Present": imp.Present, "Skipped": imp.Skipped,
		"Created": imp.Created, "Updated": imp.Updated,
	}
	lines := []string{p.T("import.summary.done", data)}
	if imp.Present > 0 {
		lines = append(lines, p.N("import.summary.present", imp.Present))
	}
	if imp.Updated > 0 {
		lines = append(lines, p.N("import.summary.updated", imp.Updated))
	}
	if imp.Skipped > 0 {
		lines = append(lines, p.N("import.summary.skipped", imp.Skipped))
	}
	if imp.Created > 0 {
		lines = append(lines, p.N("import.summary.created", imp.Created))
	}
	text := strings.Join(lines, "\n")
	undo := slack.NewButtonBlockElement(ActionImportUndo, imp.ShortID, plain(p.T("import.summary.undo")))
	undo.Confirm = slack.NewConfirmationBlockObject(plain(p.T("import.undo.confirm_title")),
		plain(p.T("import.undo.confirm_text", data)), plain(p.T("import.undo.confirm_yes")), plain(p.T("import.close")))
	return bot.Message{Text: text, Blocks: []slack.Block{
		blockkit.Section(text),
		slack.NewContextBlock("", mrkdwn(p.T("import.summary.how_undo", data))),
		slack.NewActionBlock("", undo),
	}}
}

// ImportUndone replaces the summary once the import is undone.
func ImportUndone(p *locale.Printer, imp storage.Import, removed int) bot.Message {
	text := p.N("import.undo.done", removed, map[string]any{"ID": imp.ShortID, "File": noMarkup(imp.FileName)})
	return bot.Message{Text: text, Blocks: []slack.Block{blockkit.Section(text)}, ReplaceOriginal: true}
}
