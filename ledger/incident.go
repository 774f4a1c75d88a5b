package ledger

// IncidentDraft is what was understood of
// "/incident <client> <category> [low|medium|high] <what happened>".
type IncidentDraft struct {
	Client        Resolution
	Category      Category // "" when not understood
	Severity      Severity // DefaultSeverity unless one was given
	SeverityGiven bool
	Description   string   // the rest of the text, exactly as typed
	Links         []string // URLs written in the description: evidence too
	Problems      []Problem
}

// Complete reports whether every required part was understood.
func (d IncidentDraft) Complete() bool { return len(d.Problems) == 0 }

// ParseIncidentText parses the text of /incident. A severity may also come
// before the category ("high rude"). When the category word is not
// recognised it stays part of the description, so nothing typed is lost.
// When the client is unknown, its name is taken to end before the first
// word that is a category.
func ParseIncidentText(text string, clients []Client) IncidentDraft {
	toks := tokenize(text)
	all := words(toks)
	res := ResolveClient(clients, all)
	res = anchorClient(res, all, func(i int) bool {
		_, ok := ParseCategory(all[i])
		return ok
	})
	d := IncidentDraft{Client: res, Severity: DefaultSeverity}
	if p := clientProblem(res); p != nil {
		d.Problems = append(d.Problems, *p)
	}
	i := d.readCategory(all, res.Consumed)
	d.Description = tail(text, toks, i)
	if d.Description == "" {
		d.Problems = append(d.Problems, Problem{Field: FieldDescription, Issue: IssueMissing})
	} else {
		d.Links = ExtractURLs(d.Description)
	}
	return d
}

// readCategory reads "<category> [severity]" or "<severity> <category>"
// from word i and returns the index of the first word of the description.
func (d *IncidentDraft) readCategory(all []string, i int) int {
	if i >= len(all) {
		d.Problems = append(d.Problems, Problem{Field: FieldCategory, Issue: IssueMissing})
		return i
	}
	if c, ok := ParseCategory(all[i]); ok {
		d.Category = c
		i++
		if i < len(all) {
			if s, ok := ParseSeverity(all[i]); ok {
				d.Severity, d.SeverityGiven = s, true
				i++
			}
		}
		return i
	}
	if s, ok := ParseSeverity(all[i]); ok && i+1 < len(all) {
		if c, ok := ParseCategory(all[i+1]); ok {
			d.Category, d.Severity, d.SeverityGiven = c, s, true
			return i + 2
		}
	}
	d.Problems = append(d.Problems, Problem{Field: FieldCategory, Issue: IssueUnknown, Input: all[i]})
	return i
}
