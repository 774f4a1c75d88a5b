package locale_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/tact-bot/tact/locale"
)

func TestCheckRealCatalogue(t *testing.T) {
	if err := newCatalog(t).Check(); err != nil {
		t.Fatal(err)
	}
}

func mapFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}

func TestCheckBrokenCatalogue(t *testing.T) {
	const enOK = `
[a]
hello = "Hello, {{.Name}}"

[count.things]
one = "{{.Count}} thing"
other = "{{.Count}} things"
`
	const ruOK = `
[a]
hello = "Привет, {{.Name}}"

[count.things]
one = "{{.Count}} штука"
few = "{{.Count}} штуки"
many = "{{.Count}} штук"
other = "{{.Count}} штуки"
`
	tests := []struct {
		name   string
		en, ru string
		want   []string // substrings of the error; none means Check must pass
	}{
		{name: "OK", en: enOK, ru: ruOK},
		{
			name: "missing in ru",
			en:   enOK + "\n[b]\nbye = \"Bye\"\n", ru: ruOK,
			want: []string{`"b.bye" (en/main.toml) is missing in ru`},
		},
		{
			name: "missing in en",
			en:   enOK, ru: ruOK + "\n[b]\nbye = \"Пока\"\n",
			want: []string{`"b.bye" (ru/main.toml) is missing in en`},
		},
		{
			name: "ru plural lacks many",
			en:   enOK,
			ru:   strings.Replace(ruOK, `many = "{{.Count}} штук"`, "", 1),
			want: []string{`"count.things" (ru/main.toml): plural message needs ru forms [one few many other]; "many" is missing`},
		},
		{
			name: "en plural lacks one",
			en:   strings.Replace(enOK, `one = "{{.Count}} thing"`, `two = "{{.Count}} things"`, 1),
			ru:   ruOK,
			want: []string{`"one" is missing`, `form "two" is never selected in en`},
		},
		{
			name: "zero form",
			en:   strings.Replace(enOK, `one = "{{.Count}} thing"`, "one = \"{{.Count}} thing\"\nzero = \"no things\"", 1),
			ru:   ruOK,
			want: []string{`form "zero" is never selected in en`},
		},
		{
			name: "plural in one language only",
			en:   enOK,
			ru: strings.Replace(strings.Replace(strings.Replace(ruOK,
				`one = "{{.Count}} штука"`, "", 1), `few = "{{.Count}} штуки"`, "", 1), `many = "{{.Count}} штук"`, "", 1),
			want: []string{`"count.things" is a plural message in one language only`},
		},
		{
			name: "placeholder renamed",
			en:   enOK,
			ru:   strings.Replace(ruOK, "{{.Name}}", "{{.Nmae}}", 1),
			want: []string{`"a.hello" placeholders differ: en/main.toml has [Name], ru/main.toml has [Nmae]`},
		},
		{
			name: "placeholder dropped",
			en:   enOK,
			ru:   strings.Replace(ruOK, "Привет, {{.Name}}", "Привет", 1),
			want: []string{`"a.hello" placeholders differ`},
		},
		{
			name: "ru one without count",
			en:   enOK,
			ru:   strings.Replace(ruOK, `one = "{{.Count}} штука"`, `one = "одна штука"`, 1),
			want: []string{`form "one" omits {{.Count}} but covers more than one number in ru`},
		},
		{
			name: "broken template",
			en:   enOK,
			ru:   strings.Replace(ruOK, "{{.Name}}", "{{.Name}", 1),
			want: []string{`"a.hello" (ru/main.toml): form "other":`},
		},
		{
			name: "description only",
			en:   enOK + "\n[b.bye]\ndescription = \"farewell\"\n",
			ru:   ruOK + "\n[b.bye]\nother = \"Пока\"\n",
			want: []string{`"b.bye" (en/main.toml): no text`},
		},
		{
			name: "no ru files",
			en:   enOK,
			want: []string{`"a.hello" (en/main.toml) is missing in ru`, `"count.things" (en/main.toml) is missing in ru`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"en/main.toml": tt.en}
			if tt.ru != "" {
				files["ru/main.toml"] = tt.ru
			}
			c, err := locale.NewFromFS(mapFS(files))
			if err != nil {
				t.Fatalf("NewFromFS: %v", err)
			}
			err = c.Check()
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatalf("Check: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("Check passed a broken catalogue")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Check error lacks %q:\n%v", w, err)
				}
			}
		})
	}
}

func TestNewFromFSErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{
			name:  "bad TOML",
			files: map[string]string{"en/a.toml": "[a\nb = 1", "ru/a.toml": ""},
			want:  "parsing en/a.toml",
		},
		{
			name:  "mixed message and table keys",
			files: map[string]string{"en/a.toml": "[a]\nother = \"x\"\nfoo = \"y\""},
			want:  "parsing en/a.toml",
		},
		{
			name: "duplicate id across files",
			files: map[string]string{
				"ru/a.toml": "[x]\ny = \"один\"",
				"ru/b.toml": "x.y = \"два\"",
			},
			want: `message "x.y" defined in both ru/a.toml and ru/b.toml`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := locale.NewFromFS(mapFS(tt.files))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("NewFromFS error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestT(t *testing.T) {
	c, err := locale.NewFromFS(mapFS(map[string]string{
		"en/a.toml": "[a]\nhi = \"Hi, {{.Name}}! {{.Extra}}\"\nonly_en = \"English only\"\nplain = \"Plain\"",
		"ru/a.toml": "[a]\nhi = \"Привет, {{.Name}}! {{.Extra}}\"\nplain = \"Просто\"",
	}))
	if err != nil {
		t.Fatal(err)
	}
	en, ru := c.For(locale.EN), c.For(locale.RU)
	data := map[string]any{"Name": "Ann"}
	more := map[string]any{"Extra": "✓"}
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"en with merged data", en.T("a.hi", data, more), "Hi, Ann! ✓"},
		{"ru with merged data", ru.T("a.hi", data, more), "Привет, Ann! ✓"},
		{"no data", en.T("a.plain"), "Plain"},
		{"ru plain", ru.T("a.plain"), "Просто"},
		{"missing everywhere en", en.T("no.such.id"), "⟨no.such.id⟩"},
		{"missing everywhere ru", ru.T("no.such.id"), "⟨no.such.id⟩"},
		{"missing in ru falls back to en", ru.T("a.only_en"), "English only"},
		{"N on missing id", ru.N("no.such.id", 3), "⟨no.such.id⟩"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestFor(t *testing.T) {
	c := newCatalog(t)
	for lang, want := range map[string]string{"en": "en", "ru": "ru", "": "en", "de": "en", "ru-RU": "en"} {
		if got := c.For(lang).Lang(); got != want {
			t.Errorf("For(%q).Lang() = %q, want %q", lang, got, want)
		}
	}
}

func TestSeedMessages(t *testing.T) {
	c := newCatalog(t)
	en, ru := c.For(locale.EN), c.For(locale.RU)
	tests := []struct {
		got, want string
	}{
		{en.T("error.generic", map[string]any{"Ref": "a1b2"}), "Something went wrong on our side (ref a1b2). Please try again in a moment."},
		{ru.T("error.generic", map[string]any{"Ref": "a1b2"}), "У нас что-то сломалось (код ошибки a1b2). Попробуйте ещё раз чуть позже."},
		{en.T("error.unknown_subcommand", map[string]any{"Sub": "frob"}), "I don't know `frob`. Here's what I can do:"},
		{ru.T("common.cancel"), "Отмена"},
		{en.T("common.undo"), "Undo"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestPluralRU(t *testing.T) {
	ru := newCatalog(t).For(locale.RU)
	tests := []struct {
		n                     int
		incidents, answers    string
		people, hours, minute string
	}{
		{0, "0 инцидентов", "0 ответов", "0 человек", "0 часов", "0 минут"},
		{1, "1 инцидент", "1 ответ", "1 человек", "1 час", "1 минута"},
		{2, "2 инцидента", "2 ответа", "2 человека", "2 часа", "2 минуты"},
		{5, "5 инцидентов", "5 ответов", "5 человек", "5 часов", "5 минут"},
		{11, "11 инцидентов", "11 ответов", "11 человек", "11 часов", "11 минут"},
		{12, "12 инцидентов", "12 ответов", "12 человек", "12 часов", "12 минут"},
		{14, "14 инцидентов", "14 ответов", "14 человек", "14 часов", "14 минут"},
		{21, "21 инцидент", "21 ответ", "21 человек", "21 час", "21 минута"},
		{22, "22 инцидента", "22 ответа", "22 человека", "22 часа", "22 минуты"},
		{25, "25 инцидентов", "25 ответов", "25 человек", "25 часов", "25 минут"},
		{101, "101 инцидент", "101 ответ", "101 человек", "101 час", "101 минута"},
		{111, "111 инцидентов", "111 ответов", "111 человек", "111 часов", "111 минут"},
		{1001, "1\u00a0001 инцидент", "1\u00a0001 ответ", "1\u00a0001 человек", "1\u00a0001 час", "1\u00a0001 минута"},
		{-2, "-2 инцидента", "-2 ответа", "-2 человека", "-2 часа", "-2 минуты"},
	}
	for _, tt := range tests {
		for id, want := range map[string]string{
			"count.incidents": tt.incidents, "count.answers": tt.answers,
			"count.people": tt.people, "count.hours": tt.hours, "count.minutes": tt.minute,
		} {
			if got := ru.N(id, tt.n); got != want {
				t.Errorf("ru N(%q, %d) = %q, want %q", id, tt.n, got, want)
			}
		}
	}
	if got, want := ru.N("count.clients", 3), "3 клиента"; got != want {
		t.Errorf("ru N(count.clients, 3) = %q, want %q", got, want)
	}
}

func TestPluralEN(t *testing.T) {
	en := newCatalog(t).For(locale.EN)
	tests := []struct {
		id   string
		n    int
		want string
	}{
		{"count.incidents", 0, "0 incidents"},
		{"count.incidents", 1, "1 incident"},
		{"count.incidents", 2, "2 incidents"},
		{"count.incidents", 21, "21 incidents"},
		{"count.incidents", 1200, "1,200 incidents"},
		{"count.people", 1, "1 person"},
		{"count.people", 5, "5 people"},
		{"count.clients", 11, "11 clients"},
		{"count.answers", 1, "1 answer"},
		{"count.hours", 1, "1 hour"},
		{"count.minutes", 101, "101 minutes"},
		{"count.minutes", -1, "-1 minute"},
	}
	for _, tt := range tests {
		if got := en.N(tt.id, tt.n); got != tt.want {
			t.Errorf("en N(%q, %d) = %q, want %q", tt.id, tt.n, got, tt.want)
		}
	}
}
