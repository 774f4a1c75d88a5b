package imports

import (
	"cmp"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode"
)

// The preview's decisions: which client and person each name in a file
// means, and which rows are left out and why. They are made per name, from
// what the workspace knows and what the manager chose, so the pass that
// writes decides every row exactly as the preview showed it, streaming.

// Directory is what the workspace knows, to match a file's names against.
type Directory struct {
	Clients     []Client
	People      []Person // Slack members, with their /tact dept department
	Departments []string
	Currency    string // the team's; invoices in another are left out
	// Remembered are the choices made in earlier imports, by name.
	Remembered Choices
}

// Client is a client of the workspace.
type Client struct {
	ID   int64
	Name string
}

// Person is a member of the workspace as Slack describes them.
type Person struct {
	UserID, RealName, DisplayName, Email string
	Department                           string // from /tact dept; "" when none
}

// Choices are the manager's answers in the preview, keyed by Key(name).
type Choices struct {
	Clients map[string]ClientChoice
	People  map[string]PersonChoice
}

// ClientChoice says what a client's name in a file means.
type ClientChoice struct {
	ClientID int64 // an existing client
	Create   bool  // a new client of that name
	Skip     bool  // leave its rows out
}

// PersonChoice says how to count someone Slack doesn't know by that name.
type PersonChoice struct {
	Department string
	Skip       bool
}

// Match is how a name in a file was matched.
type Match string

const (
	Matched   Match = "matched"   // one client or member has that name (or e-mail)
	Ambiguous Match = "ambiguous" // several are close: the manager picks
	New       Match = "new"       // nobody: a client is created, a person needs a department
	Chosen    Match = "chosen"    // the manager's choice, now or in an earlier import
	Skipped   Match = "skipped"   // the manager left its rows out
)

// Reasons a valid row is left out.
var (
	ErrClientSkipped = errors.New("client left out")
	ErrPersonSkipped = errors.New("person left out")
	ErrNoDepartment  = errors.New("no department")
	ErrCurrency      = errors.New("another currency")
)

// Key is how names are compared: case, spacing and punctuation folded.
func Key(name string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

// companyWords are the legal-form words a client's name may carry in one
// tool and not in another ("Acme Corp" in Harvest, "Acme" in Tact).
var companyWords = []string{"inc", "llc", "ltd", "corp", "co", "gmbh", "plc", "llp", "ооо", "ао", "ип", "corporation", "company", "limited"}

func coreName(key string) string {
	words := strings.Fields(key)
	words = slices.DeleteFunc(words, func(w string) bool { return slices.Contains(companyWords, w) })
	return strings.Join(words, " ")
}

// ClientDecision is what a client's name in a file resolves to.
type ClientDecision struct {
	Name       string // as in the file
	Match      Match
	ClientID   int64    // the existing client the rows go to, 0 when created or skipped
	Create     bool     // rows go to a new client of this name
	Candidates []Client // for Ambiguous, the close ones, best first
}

// Rows tells whether the rows of this client are imported.
func (d ClientDecision) Rows() bool { return d.ClientID != 0 || d.Create }

// DecideClient resolves a client's name: the manager's choice first, then
// an exact match (ignoring case, spacing, punctuation), then a remembered
// choice, then names that differ only by legal form (Ambiguous: the
// manager confirms), else a new client.
func DecideClient(dir *Directory, now Choices, name string) ClientDecision {
	key := Key(name)
	d := ClientDecision{Name: name}
	if c, ok := chosenClient(dir, now, key); ok {
		d.Match, d.ClientID, d.Create = Chosen, c.ClientID, c.Create
		if c.Skip {
			d.Match = Skipped
		}
		return d
	}
	core := coreName(key)
	for _, c := range dir.Clients {
		switch k := Key(c.Name); {
		case k == key:
			d.Match, d.ClientID, d.Candidates = Matched, c.ID, nil
			return d
		case core != "" && coreName(k) == core:
			d.Candidates = append(d.Candidates, c)
		}
	}
	if len(d.Candidates) > 0 {
		d.Match, d.ClientID = Ambiguous, d.Candidates[0].ID
		return d
	}
	d.Match, d.Create = New, true
	return d
}

// chosenClient is the choice for key made now, else remembered (a
// remembered client that no longer exists is forgotten).
func chosenClient(dir *Directory, now Choices, key string) (ClientChoice, bool) {
	if c, ok := now.Clients[key]; ok {
		return c, true
	}
	c, ok := dir.Remembered.Clients[key]
	if !ok || c.ClientID == 0 {
		return c, ok
	}
	return c, slices.ContainsFunc(dir.Clients, func(k Client) bool { return k.ID == c.ClientID })
}

// PersonDecision is who a person in a file is and how their hours count.
type PersonDecision struct {
	Name, Email string // as in the file
	Match       Match
	UserID      string // the Slack member, "" when not matched
	Department  string // "" when the rows can't be costed (left out)
}

// DecidePerson resolves a person: by e-mail, else by name against Slack's
// real and display names; their department is the task's (or else the
// role's) when it
// names one, else their /tact dept one, else the manager's choice.
func DecidePerson(dir *Directory, now Choices, name, email, task, role string) PersonDecision {
	d := PersonDecision{Name: name, Email: email, Match: New}
	if p, ok := findPerson(dir.People, name, email); ok {
		d.Match, d.UserID, d.Department = Matched, p.UserID, p.Department
	}
	if dept := cmp.Or(department(dir.Departments, task), department(dir.Departments, role)); dept != "" {
		d.Department = dept
	}
	key := PersonKey(name, email)
	c, ok := now.People[key]
	if !ok {
		c, ok = dir.Remembered.People[key]
	}
	switch {
	case ok && c.Skip:
		d.Match, d.Department = Skipped, ""
	case ok && d.Department == "" && department(dir.Departments, c.Department) != "":
		d.Department = department(dir.Departments, c.Department)
		if d.Match == New {
			d.Match = Chosen
		}
	}
	return d
}

// PersonKey keys a person's choice: the e-mail when the file has one.
func PersonKey(name, email string) string {
	if e := strings.ToLower(strings.TrimSpace(email)); e != "" {
		return e
	}
	return Key(name)
}

func findPerson(people []Person, name, email string) (Person, bool) {
	if e := strings.TrimSpace(email); e != "" {
		for _, p := range people {
			if p.Email != "" && strings.EqualFold(p.Email, e) {
				return p, true
			}
		}
	}
	key := Key(name)
	if key == "" {
		return Person{}, false
	}
	var found []Person
	for _, p := range people {
		if Key(p.RealName) == key || Key(p.DisplayName) == key {
			found = append(found, p)
		}
	}
	if len(found) != 1 { // two members of one name: the manager says
		return Person{}, false
	}
	return found[0], true
}

// department is the workspace's department named s, "" when none is.
func department(depts []string, s string) string {
	if k := Key(s); k != "" {
		for _, d := range depts {
			if Key(d) == k {
				return d
			}
		}
	}
	return ""
}

// Resolved is a row ready to write, or why it is left out.
type Resolved struct {
	Client ClientDecision
	Person PersonDecision // hours only
	Err    error          // the reason it is left out; nil to write
}

// Resolve decides one row (a Problem is left out by its own error).
func Resolve(dir *Directory, now Choices, row Row) Resolved {
	return NewResolver(dir, now).Resolve(row)
}

// Resolver decides rows, each name once: a file names a few hundred
// clients and people in a hundred thousand rows.
type Resolver struct {
	dir     *Directory
	now     Choices
	clients map[string]ClientDecision
	people  map[[4]string]PersonDecision
}

// NewResolver decides rows against dir with the manager's choices now.
func NewResolver(dir *Directory, now Choices) *Resolver {
	return &Resolver{dir: dir, now: now, clients: map[string]ClientDecision{}, people: map[[4]string]PersonDecision{}}
}

func (r *Resolver) client(name string) ClientDecision {
	d, ok := r.clients[name]
	if !ok {
		d = DecideClient(r.dir, r.now, name)
		r.clients[name] = d
	}
	return d
}

func (r *Resolver) person(name, email, task, role string) PersonDecision {
	k := [4]string{name, email, task, role}
	d, ok := r.people[k]
	if !ok {
		d = DecidePerson(r.dir, r.now, name, email, task, role)
		r.people[k] = d
	}
	return d
}

// Resolve decides one row (a Problem is left out by its own error).
func (r *Resolver) Resolve(row Row) Resolved {
	switch {
	case row.Problem != nil:
		return Resolved{Err: row.Problem.Err}
	case row.Hours != nil:
		h := row.Hours
		res := Resolved{Client: r.client(h.Client), Person: r.person(h.Person, h.Email, h.Task, h.Role)}
		switch {
		case !res.Client.Rows():
			res.Err = ErrClientSkipped
		case res.Person.Match == Skipped:
			res.Err = ErrPersonSkipped
		case res.Person.Department == "":
			res.Err = ErrNoDepartment
		}
		return res
	case row.Invoice != nil:
		res := Resolved{Client: r.client(row.Invoice.Client)}
		switch {
		case !res.Client.Rows():
			res.Err = ErrClientSkipped
		case row.Invoice.Currency != "" && r.dir.Currency != "" && !strings.EqualFold(row.Invoice.Currency, r.dir.Currency):
			res.Err = ErrCurrency
		}
		return res
	}
	return Resolved{Err: ErrEmpty}
}

// Plan is the preview of a file: what would be written and what not.
type Plan struct {
	Format      Format
	Kind        Kind
	Rows        int // rows read, header and blank lines aside
	Valid       int // rows that would be written
	From, To    time.Time
	Minutes     int64 // hours files
	Amount      int64 // invoice files: the total, minor units
	Outstanding int64
	Clients     []ClientLine // every client name in the file, by name
	People      []PersonLine // every person in an hours file, by name
	Skips       []Skip       // the first MaxSkipsListed rows left out
	SkipCount   int          // all rows left out
}

// MaxSkipsListed is how many left-out rows the preview lists one by one.
const MaxSkipsListed = 10

// ClientLine is a client's name in a file, its decision and its share.
type ClientLine struct {
	ClientDecision
	Rows int
}

// PersonLine is a person in a file, their decision and their share.
type PersonLine struct {
	PersonDecision
	Rows int
}

// Skip is a row left out, with where and why.
type Skip struct {
	Line   int
	Column string
	Err    error
	Value  string
}

// Planner builds a Plan one row at a time, in memory bounded by the
// distinct names in the file.
type Planner struct {
	res     *Resolver
	plan    Plan
	clients map[string]*ClientLine
	people  map[string]*PersonLine
}

// NewPlanner starts the preview of the file rd reads.
func NewPlanner(dir *Directory, now Choices, rd *Reader) *Planner {
	return &Planner{res: NewResolver(dir, now), plan: Plan{Format: rd.Format, Kind: rd.Kind()},
		clients: map[string]*ClientLine{}, people: map[string]*PersonLine{}}
}

// Add books one row and returns its resolution.
func (p *Planner) Add(row Row) Resolved {
	p.plan.Rows++
	r := p.res.Resolve(row)
	if row.Problem == nil {
		p.count(row, r)
	}
	if r.Err != nil {
		p.skip(row, r.Err)
		return r
	}
	p.plan.Valid++
	day := time.Time{}
	if row.Hours != nil {
		day = row.Hours.Day
		p.plan.Minutes += int64(row.Hours.Minutes)
	} else {
		day = row.Invoice.Issued
		p.plan.Amount += row.Invoice.AmountMinor
		p.plan.Outstanding += row.Invoice.Outstanding
	}
	if p.plan.From.IsZero() || day.Before(p.plan.From) {
		p.plan.From = day
	}
	if day.After(p.plan.To) {
		p.plan.To = day
	}
	return r
}

func (p *Planner) count(row Row, r Resolved) {
	name := r.Client.Name
	if c := p.clients[Key(name)]; c != nil {
		c.Rows++
	} else {
		p.clients[Key(name)] = &ClientLine{ClientDecision: r.Client, Rows: 1}
	}
	if row.Hours == nil {
		return
	}
	key := PersonKey(row.Hours.Person, row.Hours.Email)
	if pl := p.people[key]; pl != nil {
		pl.Rows++
		if pl.Department == "" { // a task naming a department is per row
			pl.Department = r.Person.Department
		}
	} else {
		p.people[key] = &PersonLine{PersonDecision: r.Person, Rows: 1}
	}
}

func (p *Planner) skip(row Row, err error) {
	p.plan.SkipCount++
	if len(p.plan.Skips) >= MaxSkipsListed {
		return
	}
	s := Skip{Err: err}
	switch {
	case row.Problem != nil:
		s = Skip{Line: row.Problem.Line, Column: row.Problem.Column, Err: err, Value: row.Problem.Value}
	case row.Hours != nil:
		s.Line, s.Value = row.Hours.Line, row.Hours.Client
		if err == ErrPersonSkipped || err == ErrNoDepartment {
			s.Value = row.Hours.Person
		}
	case row.Invoice != nil:
		s.Line, s.Value = row.Invoice.Line, row.Invoice.Client
		if err == ErrCurrency {
			s.Value = row.Invoice.Currency
		}
	}
	p.plan.Skips = append(p.plan.Skips, s)
}

// Plan is the preview so far, names sorted.
func (p *Planner) Plan() Plan {
	out := p.plan
	out.Clients = make([]ClientLine, 0, len(p.clients))
	for _, c := range p.clients {
		out.Clients = append(out.Clients, *c)
	}
	slices.SortFunc(out.Clients, func(a, b ClientLine) int { return strings.Compare(Key(a.Name), Key(b.Name)) })
	out.People = make([]PersonLine, 0, len(p.people))
	for _, pl := range p.people {
		out.People = append(out.People, *pl)
	}
	slices.SortFunc(out.People, func(a, b PersonLine) int {
		return strings.Compare(PersonKey(a.Name, a.Email), PersonKey(b.Name, b.Email))
	})
	return out
}
