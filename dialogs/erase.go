package dialogs

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/bot/blockkit"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
)

// Erasing a client on request (managers): a modal where the manager types
// the client's name to confirm, with a checkbox to erase the figures too.

// Erase ids.
const (
	CallbackErase   = "client.modal.erase"
	BlockEraseName  = "erase.name"
	ActionEraseName = "erase.name"
	BlockEraseAll   = "erase.all"
	ActionEraseAll  = "erase.all"
	// CallbackErased is the modal saying what was done: nothing to submit.
	CallbackErased = "client.modal.erased"
)

func (d *Dialogs) registerErase(r *bot.Router) {
	r.ViewSubmission(CallbackErase, d.scoped((*Dialogs).submitErase))
}

// OpenErase opens the erasure's confirmation for client.
func (d *Dialogs) OpenErase(ctx context.Context, r *bot.Request, client ledger.Client) error {
	p := d.Catalog.For(r.Lang)
	name := locale.Clip(client.Name, ledger.MaxClientNameRunes)
	input := slack.NewPlainTextInputBlockElement(plain(p.T("erase.name_placeholder")), ActionEraseName)
	all := slack.NewCheckboxGroupsBlockElement(ActionEraseAll,
		slack.NewOptionBlockObject("all", plain(p.T("erase.all")), plain(p.T("erase.all_hint"))))
	allBlock := slack.NewInputBlock(BlockEraseAll, plain(p.T("erase.all_label")), nil, all)
	allBlock.Optional = true
	view := slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: CallbackErase,
		Title: plain(p.T("erase.title")), Submit: plain(p.T("erase.submit")), Close: plain(p.T("import.close")),
		PrivateMetadata: strconv.FormatInt(client.ID, 10),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			blockkit.Section(p.T("erase.warning", map[string]any{"Name": bot.Escape(name)})),
			slack.NewInputBlock(BlockEraseName, plain(locale.Clip(p.T("erase.name_label", map[string]any{"Name": name}), blockkit.MaxContextText)), nil, input),
			allBlock,
		}},
	}
	_, err := d.openView(ctx, r, view, "erase.open_failed")
	return err
}

// submitErase erases the client once the name typed is its name.
func (d *Dialogs) submitErase(ctx context.Context, r *bot.Request) error {
	p := d.Catalog.For(r.Lang)
	id, err := strconv.ParseInt(r.Interaction.View.PrivateMetadata, 10, 64)
	if err != nil {
		return fmt.Errorf("erase modal: %w", err)
	}
	if ok, err := d.managerOnlyInModal(ctx, r, p); !ok {
		return err
	}
	client, err := d.DB.ClientDetail(ctx, r.TeamID, id)
	if errors.Is(err, storage.ErrNotFound) {
		r.Ack(bot.ViewUpdate(erasedView(p, p.T("erase.gone"))))
		return nil
	}
	if err != nil {
		return err
	}
	state := r.ViewState()
	if typed := state[BlockEraseName][ActionEraseName].Value; !ledger.SameName(typed, client.Name) {
		r.Ack(bot.ViewErrors(map[string]string{BlockEraseName: p.T("erase.mismatch", map[string]any{"Name": client.Name})}))
		return nil
	}
	everything := len(state[BlockEraseAll][ActionEraseAll].SelectedOptions) > 0
	err = d.DB.EraseClient(ctx, deliveryOf(r), id, everything)
	switch {
	case errors.Is(err, storage.ErrAlreadyClaimed):
		r.Ack(nil)
		return nil
	case errors.Is(err, storage.ErrErased):
		r.Ack(bot.ViewUpdate(erasedView(p, p.T("erase.already"))))
		return nil
	case err != nil:
		return err
	}
	done := "erase.done"
	if everything {
		done = "erase.done_all"
	}
	r.Ack(bot.ViewUpdate(erasedView(p, p.T(done, map[string]any{"ID": id}))))
	return nil
}

func erasedView(p *locale.Printer, text string) slack.ModalViewRequest {
	return statusView(p, CallbackErased, p.T("erase.title"), text)
}
