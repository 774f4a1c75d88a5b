package commands_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tact-bot/tact/bot/slacktest"
	"github.com/tact-bot/tact/commands"
	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
)

func TestClientListBlocks(t *testing.T) {
	l := commands.ClientList{
		Currency:   "USD",
		RecentSpan: ledger.LastWeeks(day("2026-11-22"), 4),
		Rows: []commands.ClientRow{
			{ID: 1, Name: "Acme", HasRevenue: true, MonthlyMinor: 1_200_000, Incidents: 3,
				Recent: ledger.Spend{Minutes: 315, CostMinor: 25_750}},
			{ID: 2, Name: "Globex", Strain: &commands.StrainScore{Score: 2.4, Scale: 5, Answers: 4}},
			{ID: 3, Name: "Initech", Verdict: &digest.ClientFigures{Health: digest.Health{Score: 42},
				Recent: digest.Window{Rate: 4_500, HasRate: true}, Flags: []digest.Flag{{Kind: digest.BelowFloor}, {Kind: digest.LatePayment}}}},
		},
	}
	tests := []struct {
		lang string
		want []string
	}{
		{locale.EN, []string{
			"Last 4 weeks, 26 Oct – 22 Nov 2026",
			"*Acme*: $12,000 a month · 5 h 15 min, $257.50 to serve · 3 incidents",
			"*Globex*: revenue not set · 0 min, $0 to serve · 0 incidents · strain 2.4/5",
			"*Initech*: revenue not set · 0 min, $0 to serve · 0 incidents · health 42/100 · earns $45 an hour · ⚠ under the rate floor, late payments",
		}},
		{locale.RU, []string{
			"*Acme*: 12\u00a0000\u00a0$ в месяц · 5 ч 15 мин, обслуживание 257,50\u00a0$ · 3 инцидента",
			"*Globex*: выручка не указана · 0 мин, обслуживание 0\u00a0$ · 0 инцидентов",
			"оценка 42 из 100 · час работы приносит 45\u00a0$ · ⚠ ниже минимальной ставки, просрочки оплаты",
		}},
	}
	for _, tt := range tests {
		got := checkMessage(t, commands.ClientListBlocks(catalog(t).For(tt.lang), l))
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s list lacks %q:\n%s", tt.lang, w, got)
			}
		}
	}
}

func TestClientListEmpty(t *testing.T) {
	got := checkMessage(t, commands.ClientListBlocks(catalog(t).For(locale.EN), commands.ClientList{Currency: "USD"}))
	if !strings.Contains(got, "/client add") {
		t.Errorf("an empty list does not say how to add a client: %s", got)
	}
}

func TestClientListManyClientsStaysWithinLimits(t *testing.T) {
	var rows []commands.ClientRow
	for i := range 5000 {
		rows = append(rows, commands.ClientRow{
			ID: int64(i), Name: fmt.Sprintf("%04d %s", i, strings.Repeat("Щ", 70)), HasRevenue: true,
			MonthlyMinor: 999_999_999_999, Incidents: 1_000_000,
			Recent: ledger.Spend{Minutes: 40_320, CostMinor: 999_999_999_999},
		})
	}
	for _, lang := range []string{locale.EN, locale.RU} {
		blocks := commands.ClientListBlocks(catalog(t).For(lang), commands.ClientList{Currency: "EUR", Rows: rows})
		got := checkMessage(t, blocks)
		if len(blocks) > slacktest.MaxMessageBlocks {
			t.Errorf("%s: %d blocks", lang, len(blocks))
		}
		if !strings.Contains(got, "0000 ЩЩЩ") {
			t.Errorf("%s: the first client is missing", lang)
		}
		if !strings.Contains(got, "more clients") && !strings.Contains(got, "ещё") {
			t.Errorf("%s: a cut list does not say how many are left", lang)
		}
	}
}

func TestDepartmentsBlocks(t *testing.T) {
	depts := []storage.Department{
		{Name: "dev", People: []string{"U2", "U3"}},
		{Name: "support", PerHourMinor: 5_000, HasRate: true, RateFrom: day("2026-11-18"), People: []string{"U4"}},
	}
	got := checkMessage(t, commands.DepartmentsBlocks(catalog(t).For(locale.EN), depts, "USD"))
	for _, w := range []string{
		"*dev*: no hourly rate yet · 2 people: <@U2> and <@U3>",
		"*support*: $50 an hour since 18 Nov 2026 · 1 person: <@U4>",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("departments lack %q:\n%s", w, got)
		}
	}
	ru := checkMessage(t, commands.DepartmentsBlocks(catalog(t).For(locale.RU), depts, "RUB"))
	if !strings.Contains(ru, "*support*: 50\u00a0₽ в час с 18 ноября 2026 · 1 человек: <@U4>") {
		t.Errorf("Russian departments: %s", ru)
	}
	if empty := checkMessage(t, commands.DepartmentsBlocks(catalog(t).For(locale.EN), nil, "USD")); !strings.Contains(empty, "/tact rate support") {
		t.Errorf("no departments: %s", empty)
	}
}

func TestDepartmentsBlocksHugeStaysWithinLimits(t *testing.T) {
	var depts []storage.Department
	for i := range 500 {
		d := storage.Department{Name: fmt.Sprintf("отдел-%03d-%s", i, strings.Repeat("ж", 30)), HasRate: true, PerHourMinor: 99_999_999, RateFrom: day("2026-01-01")}
		for j := range 300 {
			d.People = append(d.People, fmt.Sprintf("U%08d", j))
		}
		depts = append(depts, d)
	}
	blocks := commands.DepartmentsBlocks(catalog(t).For(locale.RU), depts, "RUB")
	got := checkMessage(t, blocks)
	if len(blocks) > slacktest.MaxMessageBlocks || !strings.Contains(got, "ещё") {
		t.Errorf("%d blocks; cut list says so: %v", len(blocks), strings.Contains(got, "ещё"))
	}
}
