package dialogs_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/bot/slacktest"
	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
)

func catalog(t testing.TB) *locale.Catalog {
	t.Helper()
	cat, err := locale.New()
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func clients(n int) []ledger.Client {
	out := make([]ledger.Client, n)
	for i := range out {
		out[i] = ledger.Client{ID: int64(i + 1), Name: fmt.Sprintf("Client %03d", i+1), Status: ledger.StatusActive}
	}
	return out
}

// checkView marshals a modal as Slack would receive it and checks it
// against Slack's limits and for message ids missing from the catalogue.
func checkView(t *testing.T, view slack.ModalViewRequest) string {
	t.Helper()
	raw, err := json.Marshal(view)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range slacktest.CheckView(raw) {
		t.Errorf("view: %v", e)
	}
	if strings.Contains(string(raw), "⟨") {
		t.Errorf("view uses a message id missing from the catalogue: %s", raw)
	}
	return string(raw)
}

func checkMessage(t *testing.T, blocks []slack.Block, text string) string {
	t.Helper()
	raw, err := json.Marshal(blocks)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range slacktest.CheckBlocks(raw, "message") {
		t.Errorf("message blocks: %v", e)
	}
	if strings.Contains(string(raw)+text, "⟨") {
		t.Errorf("message uses a message id missing from the catalogue: %s", raw)
	}
	return string(raw)
}

func TestIncidentViewWithinSlackLimits(t *testing.T) {
	cat := catalog(t)
	long := strings.Repeat("Ж", 3500) // over the limit, two bytes a letter
	tests := []struct {
		name string
		form dialogs.IncidentForm
	}{
		{"empty", dialogs.IncidentForm{Clients: clients(3), Day: day("2026-11-16")}},
		{"prefilled", dialogs.IncidentForm{Clients: clients(3), ClientID: 2, Category: ledger.LatePayment, Severity: ledger.SeverityHigh,
			Day: day("2026-11-16"), Description: "invoice 42 is 60 days overdue", Links: []string{"https://mail.example.com/t/1"},
			Notice: "I filled in what I understood.", Meta: dialogs.Metadata{Channel: "C1", Source: "command"}}},
		{"3000-character description", dialogs.IncidentForm{Clients: clients(1), Day: day("2026-11-16"), Description: strings.Repeat("ы", 3000)}},
		{"longer description is clipped", dialogs.IncidentForm{Clients: clients(1), Day: day("2026-11-16"), Description: long}},
		{"edit", dialogs.IncidentForm{Edit: true, Clients: clients(2), ClientID: 1, Category: ledger.Other, Day: day("2026-11-01"),
			Description: "x", Meta: dialogs.Metadata{Incident: 12, Reply: "https://hooks.slack.com/actions/T/1/abc"}}},
		{"100 clients: static select", dialogs.IncidentForm{Clients: clients(100), ClientID: 100, Day: day("2026-11-16")}},
		{"101 clients: external select", dialogs.IncidentForm{Clients: clients(101), ClientID: 101, Day: day("2026-11-16")}},
		{"long client name", dialogs.IncidentForm{Clients: []ledger.Client{{ID: 1, Name: strings.Repeat("Я", 80)}}, ClientID: 1, Day: day("2026-11-16")}},
		{"many long links", dialogs.IncidentForm{Clients: clients(1), Day: day("2026-11-16"),
			Links: []string{"https://e.com/" + strings.Repeat("a", 1500), "https://e.com/" + strings.Repeat("b", 1500), "https://e.com/c"}}},
	}
	for _, lang := range []string{locale.EN, locale.RU} {
		for _, tt := range tests {
			t.Run(lang+"/"+tt.name, func(t *testing.T) {
				checkView(t, dialogs.IncidentView(cat.For(lang), tt.form))
			})
		}
	}
}

func TestIncidentViewPrefillAndSelects(t *testing.T) {
	p := catalog(t).For(locale.RU)
	view := dialogs.IncidentView(p, dialogs.IncidentForm{Clients: clients(3), ClientID: 2, Category: ledger.Threats,
		Day: day("2026-11-13"), Description: "грозится судом", Notice: "Я заполнил то, что понял.",
		Meta: dialogs.Metadata{Channel: "C1"}})
	raw := checkView(t, view)
	for _, want := range []string{`"callback_id":"incident.modal.new"`, `"initial_date":"2026-11-13"`, `"initial_value":"грозится судом"`,
		`"block_id":"notice"`, "Угрозы", "Средняя", `"text":"Client 002"`, `"type":"static_select"`} {
		if !strings.Contains(raw, want) {
			t.Errorf("view lacks %s", want)
		}
	}
	sev := view.Blocks.BlockSet[3].(*slack.InputBlock).Element.(*slack.RadioButtonsBlockElement)
	if sev.InitialOption == nil || sev.InitialOption.Value != "medium" {
		t.Errorf("severity defaults to %+v, want medium", sev.InitialOption)
	}
	meta, err := dialogs.ParseMetadata(view.PrivateMetadata)
	if err != nil || meta.Channel != "C1" {
		t.Errorf("metadata = %+v, %v", meta, err)
	}

	ext := checkView(t, dialogs.IncidentView(p, dialogs.IncidentForm{Clients: clients(101), ClientID: 7, Day: day("2026-11-13")}))
	if !strings.Contains(ext, `"type":"external_select"`) || !strings.Contains(ext, `"initial_option":{"text":{"type":"plain_text","text":"Client 007","emoji":false},"value":"7"}`) {
		t.Errorf("101 clients should give an external select with the client preselected: %s", ext)
	}
}

// state builds a submission's state.values the way Slack sends them.
func state(values map[string]slack.BlockAction) map[string]map[string]slack.BlockAction {
	ids := map[string]string{
		dialogs.BlockClient: dialogs.ActionClient, dialogs.BlockCategory: dialogs.ActionCategory,
		dialogs.BlockSeverity: dialogs.ActionSeverity, dialogs.BlockDay: dialogs.ActionDay,
		dialogs.BlockWhat: dialogs.ActionWhat, dialogs.BlockEvidence: dialogs.ActionEvidence,
		dialogs.BlockDuration: dialogs.ActionDuration, dialogs.BlockDepartment: dialogs.ActionDepartment,
		dialogs.BlockNote: dialogs.ActionNote,
	}
	out := map[string]map[string]slack.BlockAction{}
	for block, v := range values {
		out[block] = map[string]slack.BlockAction{ids[block]: v}
	}
	return out
}

func option(v string) slack.BlockAction {
	return slack.BlockAction{SelectedOption: slack.OptionBlockObject{Value: v}}
}

func TestReadIncident(t *testing.T) {
	today := day("2026-11-16")
	valid := func() map[string]slack.BlockAction {
		return map[string]slack.BlockAction{
			dialogs.BlockClient:   option("7"),
			dialogs.BlockCategory: option("late-payment"),
			dialogs.BlockSeverity: option("high"),
			dialogs.BlockDay:      {SelectedDate: "2026-11-13"},
			dialogs.BlockWhat:     {Value: "  invoice 42 unpaid, see https://mail.example.com/t/9.  "},
			dialogs.BlockEvidence: {Value: "https://drive.example.com/call.mp3\n\n<https://acme.slack.com/archives/C1/p1|msg>\nhttps://mail.example.com/t/9"},
		}
	}
	with := func(block string, v slack.BlockAction) map[string]slack.BlockAction {
		s := valid()
		s[block] = v
		return s
	}
	without := func(block string) map[string]slack.BlockAction {
		s := valid()
		delete(s, block)
		return s
	}
	tests := []struct {
		name     string
		values   map[string]slack.BlockAction
		want     dialogs.IncidentValues
		errs     []string // block ids with an error
		contains string   // in the English error text
	}{
		{name: "valid", values: valid(), want: dialogs.IncidentValues{ClientID: 7, Category: ledger.LatePayment, Severity: ledger.SeverityHigh,
			Day: day("2026-11-13"), Description: "invoice 42 unpaid, see https://mail.example.com/t/9.",
			Links: []string{"https://drive.example.com/call.mp3", "https://acme.slack.com/archives/C1/p1", "https://mail.example.com/t/9"}}},
		{name: "severity and date default", values: without(dialogs.BlockSeverity), want: dialogs.IncidentValues{ClientID: 7,
			Category: ledger.LatePayment, Severity: ledger.SeverityMedium, Day: day("2026-11-13"),
			Description: "invoice 42 unpaid, see https://mail.example.com/t/9.",
			Links:       []string{"https://drive.example.com/call.mp3", "https://acme.slack.com/archives/C1/p1", "https://mail.example.com/t/9"}}},
		{name: "no client", values: without(dialogs.BlockClient), errs: []string{dialogs.BlockClient}},
		{name: "no category", values: without(dialogs.BlockCategory), errs: []string{dialogs.BlockCategory}},
		{name: "empty description", values: with(dialogs.BlockWhat, slack.BlockAction{Value: " \n "}), errs: []string{dialogs.BlockWhat}, contains: "Describe what happened"},
		{name: "description too long", values: with(dialogs.BlockWhat, slack.BlockAction{Value: strings.Repeat("ы", 3001)}), errs: []string{dialogs.BlockWhat}, contains: "3,001"},
		{name: "bad link names its line", values: with(dialogs.BlockEvidence, slack.BlockAction{Value: "https://ok.example.com\nftp://files.example.com/x"}),
			errs: []string{dialogs.BlockEvidence}, contains: "Line 2 (“ftp://files.example.com/x”)"},
		{name: "future date", values: with(dialogs.BlockDay, slack.BlockAction{SelectedDate: "2026-11-17"}), errs: []string{dialogs.BlockDay}, contains: "16 Nov 2026"},
		{name: "today is fine", values: with(dialogs.BlockDay, slack.BlockAction{SelectedDate: "2026-11-16"}), want: dialogs.IncidentValues{ClientID: 7,
			Category: ledger.LatePayment, Severity: ledger.SeverityHigh, Day: today, Description: "invoice 42 unpaid, see https://mail.example.com/t/9.",
			Links: []string{"https://drive.example.com/call.mp3", "https://acme.slack.com/archives/C1/p1", "https://mail.example.com/t/9"}}},
		{name: "several problems at once", values: map[string]slack.BlockAction{dialogs.BlockWhat: {Value: ""}},
			errs: []string{dialogs.BlockCategory, dialogs.BlockClient, dialogs.BlockWhat}},
	}
	cat := catalog(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, lang := range []string{locale.EN, locale.RU} {
				got, errs := dialogs.ReadIncident(cat.For(lang), state(tt.values), today, 2)
				checkFieldErrors(t, lang, errs, tt.errs, func(b, msg string) {
					if msg == "" || strings.Contains(msg, "⟨") {
						t.Errorf("%s: error for %s is %q", lang, b, msg)
					}
					if lang == locale.EN && tt.contains != "" && !strings.Contains(msg, tt.contains) {
						t.Errorf("error %q lacks %q", msg, tt.contains)
					}
				})
				if len(tt.errs) == 0 && !reflect.DeepEqual(got, tt.want) {
					t.Fatalf("%s: got %+v\nwant %+v", lang, got, tt.want)
				}
			}
		})
	}
}

// checkFieldErrors checks a form's errors (block id → message) fall on
// exactly the blocks want, passing each to check.
func checkFieldErrors(t *testing.T, lang string, errs map[string]string, want []string, check func(block, msg string)) {
	t.Helper()
	var blocks []string
	for b, msg := range errs {
		blocks = append(blocks, b)
		check(b, msg)
	}
	if !sameSet(blocks, want) {
		t.Fatalf("%s: errors on %v (%v), want %v", lang, blocks, errs, want)
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, x := range a {
		seen[x]++
	}
	for _, x := range b {
		seen[x]--
	}
	for _, n := range seen {
		if n != 0 {
			return false
		}
	}
	return true
}

func TestIncidentNotice(t *testing.T) {
	cat := catalog(t)
	tests := []struct {
		name     string
		problems []ledger.Problem
		want     []string // in English
	}{
		{"nothing", nil, nil},
		{"unknown client and category", []ledger.Problem{
			{Field: ledger.FieldClient, Issue: ledger.IssueUnknown, Input: "Acmee"},
			{Field: ledger.FieldCategory, Issue: ledger.IssueUnknown, Input: "weird"},
		}, []string{"I filled in", "“Acmee”", "“weird”"}},
		{"ambiguous client, missing category and text", []ledger.Problem{
			{Field: ledger.FieldClient, Issue: ledger.IssueAmbiguous, Input: "Umbrella"},
			{Field: ledger.FieldCategory, Issue: ledger.IssueMissing},
			{Field: ledger.FieldDescription, Issue: ledger.IssueMissing},
		}, []string{"“Umbrella” could be several", "Pick a category", "Describe what happened"}},
	}
	for _, tt := range tests {
		got := dialogs.IncidentNotice(cat.For(locale.EN), tt.problems)
		if (got == "") != (tt.want == nil) {
			t.Errorf("%s: notice %q", tt.name, got)
		}
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: notice %q lacks %q", tt.name, got, w)
			}
		}
		if ru := dialogs.IncidentNotice(cat.For(locale.RU), tt.problems); strings.Contains(ru, "⟨") || (ru == "") != (tt.want == nil) {
			t.Errorf("%s: Russian notice %q", tt.name, ru)
		}
	}
}

func TestCategoryLabelsInBothLanguages(t *testing.T) {
	cat := catalog(t)
	for _, lang := range []string{locale.EN, locale.RU} {
		seen := map[string]bool{}
		for _, c := range ledger.Categories() {
			l := dialogs.CategoryLabel(cat.For(lang), c)
			if l == "" || strings.Contains(l, "⟨") || seen[l] {
				t.Errorf("%s label of %s = %q", lang, c, l)
			}
			seen[l] = true
		}
	}
	if got := dialogs.CategoryLabel(cat.For(locale.RU), ledger.LatePayment); got != "Просрочка или неоплата" {
		t.Errorf("ru late-payment = %q", got)
	}
}

func TestMetadataRoundTrip(t *testing.T) {
	m := dialogs.Metadata{Channel: "C0TEST", Incident: 42, Source: "shortcut", Reply: "https://hooks.slack.com/actions/T/1/x"}
	s := m.String()
	got, err := dialogs.ParseMetadata(s)
	m.Version = dialogs.MetadataVersion
	if err != nil || got != m {
		t.Fatalf("round trip = %+v, %v; want %+v", got, err, m)
	}
	for _, bad := range []string{"", "{", `{"v":0}`, `{"v":99,"ch":"C1"}`} {
		if _, err := dialogs.ParseMetadata(bad); err == nil {
			t.Errorf("ParseMetadata(%q) accepted", bad)
		}
	}
	huge := dialogs.Metadata{Channel: "C1", Reply: "https://hooks.slack.com/" + strings.Repeat("x", 3000)}.String()
	if len(huge) > 3000 || !strings.Contains(huge, "C1") {
		t.Errorf("oversized metadata = %d chars", len(huge))
	}
}

func TestClientOptions(t *testing.T) {
	all := []ledger.Client{{ID: 1, Name: "Acme"}, {ID: 2, Name: "Big Acme Ltd"}, {ID: 3, Name: "Globex"}, {ID: 4, Name: "Ёлка"}}
	tests := []struct {
		query string
		want  []string
	}{
		{"ac", []string{"1", "2"}}, // prefix first, then substring
		{"ACME", []string{"1", "2"}},
		{"glo", []string{"3"}},
		{"елк", []string{"4"}},
		{"zzz", nil},
		{"", []string{"1", "2", "3", "4"}},
	}
	for _, tt := range tests {
		var got []string
		for _, o := range dialogs.ClientOptions(all, tt.query) {
			got = append(got, o.Value)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ClientOptions(%q) = %v, want %v", tt.query, got, tt.want)
		}
	}
	if n := len(dialogs.ClientOptions(clients(250), "client")); n != 100 {
		t.Errorf("options for 250 matches = %d, want Slack's 100", n)
	}
}

func TestUnescape(t *testing.T) {
	tests := map[string]string{
		"R&amp;D &lt;42&gt;":                   "R&D <42>",
		"<https://x.example.com/?a=1&amp;b=2>": "<https://x.example.com/?a=1&b=2>",
		"&amp;lt;":                             "&lt;", // decoded once, as Slack encoded once
		"plain":                                "plain",
	}
	for in, want := range tests {
		if got := bot.Unescape(in); got != want {
			t.Errorf("bot.Unescape(%q) = %q, want %q", in, got, want)
		}
	}
}
