package locale

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"text/template"
	"text/template/parse"

	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// pluralRules lists, per language, the CLDR plural forms a plural message
// must define (integers use the first ones; "other" also covers fractions in
// Russian) and the forms that can never be selected.
type pluralRules struct {
	required  []string
	forbidden []string
}

func rulesFor(lang string) pluralRules {
	if lang == RU {
		return pluralRules{required: []string{"one", "few", "many", "other"}, forbidden: []string{"zero", "two"}}
	}
	return pluralRules{required: []string{"one", "other"}, forbidden: []string{"zero", "two", "few", "many"}}
}

// Check reports catalogue mistakes: a message present in one language but not
// the other, plural forms missing or unusable for a language, templates that
// do not parse, and placeholders ({{.X}}) that differ between languages. The
// returned error lists every problem found, one per line.
func (c *Catalog) Check() error {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	en, ru := c.messages[EN], c.messages[RU]
	for _, id := range sortedIDs(en, ru) {
		e, inEN := en[id]
		r, inRU := ru[id]
		switch {
		case !inRU:
			add("%q (%s) is missing in %s", id, e.file, RU)
			continue
		case !inEN:
			add("%q (%s) is missing in %s", id, r.file, EN)
			continue
		}
		enVars, enProblems := checkMessage(EN, e)
		ruVars, ruProblems := checkMessage(RU, r)
		problems = append(problems, enProblems...)
		problems = append(problems, ruProblems...)
		if isPlural(e.msg) != isPlural(r.msg) {
			add("%q is a plural message in one language only (%s, %s)", id, e.file, r.file)
		}
		if !slices.Equal(enVars, ruVars) {
			add("%q placeholders differ: %s has %v, %s has %v", id, e.file, enVars, r.file, ruVars)
		}
	}
	if len(problems) == 0 {
		return nil
	}
	return errors.New("locale catalogue problems:\n" + strings.Join(problems, "\n"))
}

func sortedIDs(sets ...map[string]entry) []string {
	ids := map[string]struct{}{}
	for _, s := range sets {
		for id := range s {
			ids[id] = struct{}{}
		}
	}
	return slices.Sorted(maps.Keys(ids))
}

// checkMessage validates one message's forms and returns the sorted set of
// placeholders used across all of them.
func checkMessage(lang string, e entry) (vars []string, problems []string) {
	id, forms := e.msg.ID, pluralForms(e.msg)
	add := func(format string, args ...any) {
		problems = append(problems, fmt.Sprintf("%q (%s): ", id, e.file)+fmt.Sprintf(format, args...))
	}
	if forms["other"] == "" {
		add("no text: every message needs a plain string or an \"other\" form")
	}
	formVars := map[string][]string{}
	union := map[string]struct{}{}
	for form, src := range forms {
		if src == "" {
			continue
		}
		names, err := placeholders(src, e.msg.LeftDelim, e.msg.RightDelim)
		if err != nil {
			add("form %q: %v", form, err)
			continue
		}
		formVars[form] = names
		for _, n := range names {
			union[n] = struct{}{}
		}
	}
	if isPlural(e.msg) {
		rules := rulesFor(lang)
		for _, f := range rules.required {
			if forms[f] == "" {
				add("plural message needs %s forms %v; %q is missing", lang, rules.required, f)
			}
		}
		for _, f := range rules.forbidden {
			if forms[f] != "" {
				add("form %q is never selected in %s (count 0 needs its own message); use %v", f, lang, rules.required)
			}
		}
		problems = append(problems, checkCountUse(lang, e, formVars, union)...)
	}
	return slices.Sorted(maps.Keys(union)), problems
}

// checkCountUse catches forms that drop the number although they cover many
// counts: Russian "one" also means 21, 31, ...; only English "one" is just 1.
func checkCountUse(lang string, e entry, formVars map[string][]string, union map[string]struct{}) []string {
	if _, ok := union["Count"]; !ok {
		return nil
	}
	var problems []string
	for _, f := range rulesFor(lang).required {
		if lang == EN && f == "one" {
			continue
		}
		if _, ok := formVars[f]; ok && !slices.Contains(formVars[f], "Count") {
			problems = append(problems, fmt.Sprintf("%q (%s): form %q omits {{.Count}} but covers more than one number in %s", e.msg.ID, e.file, f, lang))
		}
	}
	return problems
}

func pluralForms(m *i18n.Message) map[string]string {
	return map[string]string{
		"zero": m.Zero, "one": m.One, "two": m.Two,
		"few": m.Few, "many": m.Many, "other": m.Other,
	}
}

func isPlural(m *i18n.Message) bool {
	return m.Zero != "" || m.One != "" || m.Two != "" || m.Few != "" || m.Many != ""
}

// placeholders parses src as a text/template (as go-i18n will) and returns the
// sorted top-level data keys it reads: {{.Ref}} → Ref, {{.A.B}} → A.
func placeholders(src, left, right string) ([]string, error) {
	t, err := template.New("").Delims(left, right).Parse(src)
	if err != nil {
		return nil, err
	}
	names := map[string]struct{}{}
	if t.Tree != nil {
		collectFields(t.Tree.Root, names)
	}
	return slices.Sorted(maps.Keys(names)), nil
}

func collectFields(node parse.Node, names map[string]struct{}) {
	switch n := node.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			collectFields(c, names)
		}
	case *parse.ActionNode:
		collectFields(n.Pipe, names)
	case *parse.IfNode:
		collectBranch(&n.BranchNode, names)
	case *parse.RangeNode:
		collectBranch(&n.BranchNode, names)
	case *parse.WithNode:
		collectBranch(&n.BranchNode, names)
	case *parse.TemplateNode:
		collectFields(n.Pipe, names)
	case *parse.PipeNode:
		if n == nil {
			return
		}
		for _, c := range n.Cmds {
			collectFields(c, names)
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			collectFields(a, names)
		}
	case *parse.ChainNode:
		collectFields(n.Node, names)
	case *parse.FieldNode:
		names[n.Ident[0]] = struct{}{}
	case *parse.VariableNode:
		if len(n.Ident) > 1 && n.Ident[0] == "$" {
			names[n.Ident[1]] = struct{}{}
		}
	}
}

func collectBranch(b *parse.BranchNode, names map[string]struct{}) {
	collectFields(b.Pipe, names)
	collectFields(b.List, names)
	collectFields(b.ElseList, names)
}
