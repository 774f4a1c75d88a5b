package commands

import (
	"errors"
	"strings"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
)

// amountAsked describes the amount a command wanted, to explain a refusal.
type amountAsked struct {
	Input    string // as typed
	Currency string
	Example  string // a whole command to type instead
	ZeroOK   bool   // zero was acceptable, so "not positive" meant negative
	Rate     bool   // an hourly rate: the only unit is an hour
}

// amountProblem explains an amount the ledger parsers refused.
func amountProblem(p *locale.Printer, err error, a amountAsked) string {
	data := map[string]any{"Input": bot.Escape(locale.Clip(strings.TrimSpace(a.Input), 40)), "Currency": a.Currency, "Example": a.Example}
	switch {
	case errors.Is(err, ledger.ErrUnitUnknown) && a.Rate:
		return p.T("client.amount.rate_unit", data)
	case errors.Is(err, ledger.ErrUnitUnknown):
		data["Unit"] = unitOf(a.Input)
		return p.T("client.amount.period", data)
	case errors.Is(err, ledger.ErrAmountTooManyDecimals):
		return p.T("client.amount.decimals", data)
	case errors.Is(err, ledger.ErrAmountNotPositive) && a.ZeroOK:
		return p.T("client.amount.negative", data)
	case errors.Is(err, ledger.ErrAmountNotPositive):
		return p.T("client.amount.not_positive", data)
	case errors.Is(err, ledger.ErrAmountTooLarge):
		return p.T("client.amount.too_large", data)
	}
	return p.T("client.amount.syntax", data)
}

// unitOf is the unit word as typed: after the slash, else the last word.
func unitOf(input string) string {
	if i := strings.LastIndex(input, "/"); i >= 0 {
		return strings.TrimSpace(input[i+1:])
	}
	f := strings.Fields(input)
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}
