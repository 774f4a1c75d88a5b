package farewell_test

import (
	"slices"
	"testing"

	"github.com/tact-bot/tact/farewell"
	"github.com/tact-bot/tact/locale"
)

// TestSelect checks which messages the drafts are made of for each choice.
func TestSelect(t *testing.T) {
	const (
		frame   = "farewell.talk.frame."
		help    = "farewell.talk.help."
		emotion = "farewell.talk.emotion."
	)
	tests := []struct {
		name   string
		edit   func(*farewell.Decision, *farewell.Evidence)
		want   []string
		absent []string
	}{
		{"direct names each chosen reason", nil,
			[]string{frame + "open.direct", frame + "direct.disrespect", frame + "direct.obligations", frame + "settled.direct", "farewell.talk.close.thanks.direct"},
			[]string{frame + "direct.complaints", frame + "direct.threats", frame + "neutral.disrespect", frame + "open.neutral"}},
		{"neutral frames the same reasons softly", func(d *farewell.Decision, _ *farewell.Evidence) { d.Tone = farewell.Neutral },
			[]string{frame + "open.neutral", frame + "neutral.disrespect", frame + "neutral.obligations", frame + "note.neutral"},
			[]string{frame + "direct.disrespect", frame + "open.direct"}},
		{"reasons follow the choice, not the signs", func(d *farewell.Decision, _ *farewell.Evidence) {
			d.Part.Reasons = []farewell.Sign{farewell.SignThreats, farewell.SignComplaints}
		}, []string{frame + "direct.threats", frame + "direct.complaints"}, []string{frame + "direct.disrespect"}},
		{"refund none", func(d *farewell.Decision, _ *farewell.Evidence) { d.Part.Refund = farewell.RefundNone },
			[]string{help + "refund.none", "farewell.checklist.refund.none", "farewell.summary.refund.none"},
			[]string{help + "refund.part_last_month"}},
		{"refund all", func(d *farewell.Decision, _ *farewell.Evidence) { d.Part.Refund = farewell.RefundAllLast },
			[]string{help + "refund.all_last_month", "farewell.checklist.refund.all_last_month"}, nil},
		{"referral with reasons and contact", nil,
			[]string{help + "referral", help + "referral_why", "farewell.referral.note.to_contact", "farewell.referral.intro.why",
				"farewell.referral.intro.contact", "farewell.checklist.referral", "farewell.summary.referral"},
			[]string{help + "referral_offer", "farewell.referral.on_request", "farewell.summary.no_referral"}},
		{"referral name only", func(d *farewell.Decision, _ *farewell.Evidence) {
			d.Part.Referral = &farewell.Referral{Provider: "Blue Harbour"}
		}, []string{help + "referral", "farewell.referral.note.to", "farewell.referral.intro.open"},
			[]string{help + "referral_why", "farewell.referral.note.to_contact", "farewell.referral.intro.contact"}},
		{"no referral offers one on request", func(d *farewell.Decision, _ *farewell.Evidence) { d.Part.Referral = nil },
			[]string{help + "referral_offer", "farewell.referral.on_request", "farewell.summary.no_referral"},
			[]string{help + "referral", "farewell.referral.note.to", "farewell.checklist.referral"}},
		{"call changes the pause line and the checklist", func(d *farewell.Decision, _ *farewell.Evidence) { d.Part.Channel = farewell.Call },
			[]string{emotion + "pause.call", "farewell.checklist.talk.call", "farewell.summary.talk.call"},
			[]string{emotion + "pause.meeting", "farewell.checklist.talk.meeting"}},
		{"hostile group", func(d *farewell.Decision, _ *farewell.Evidence) { d.Group = farewell.Hostile },
			[]string{emotion + "expect.hostile", emotion + "reply.hostile", "farewell.talk.touch.hostile", "farewell.checklist.lawyer.hostile"},
			[]string{emotion + "expect.negotiating", "farewell.talk.touch.open", "farewell.checklist.lawyer.standard"}},
		{"wants to negotiate", func(d *farewell.Decision, _ *farewell.Evidence) { d.Group = farewell.WantsToNegotiate },
			[]string{emotion + "expect.wants_to_negotiate", emotion + "reply.wants_to_negotiate", "farewell.talk.touch.open"}, nil},
		{"all figures shared", nil,
			[]string{"farewell.talk.decided.hours", "farewell.talk.decided.money_loss", "farewell.talk.decided.incidents", "farewell.count.situations"},
			[]string{"farewell.talk.decided.no_figures", "farewell.talk.decided.money_covered"}},
		{"a profitable client", func(_ *farewell.Decision, ev *farewell.Evidence) { ev.Revenue12w = ev.Cost12w * 2 },
			[]string{"farewell.talk.decided.money_covered"}, []string{"farewell.talk.decided.money_loss"}},
		{"no figures shared", func(d *farewell.Decision, _ *farewell.Evidence) { d.Share = farewell.Share{} },
			[]string{"farewell.talk.decided.no_figures", "farewell.summary.shared_nothing"},
			[]string{"farewell.talk.decided.hours", "farewell.talk.decided.money_loss", "farewell.talk.decided.incidents"}},
		{"figures the data cannot support are not shared", func(_ *farewell.Decision, ev *farewell.Evidence) {
			ev.Minutes12w, ev.Currency, ev.Incidents12w = 0, "", nil
		}, []string{"farewell.talk.decided.no_figures", "farewell.checklist.no_incidents"},
			[]string{"farewell.talk.decided.hours", "farewell.talk.decided.money_loss", "farewell.checklist.incidents"}},
		{"reviewer mentioned", nil, []string{"farewell.talk.decided.reviewed", "farewell.summary.reviewer"}, []string{"farewell.summary.no_reviewer"}},
		{"no reviewer", func(d *farewell.Decision, _ *farewell.Evidence) { d.Checks.Reviewer = "" },
			[]string{"farewell.summary.no_reviewer"}, []string{"farewell.talk.decided.reviewed"}},
		{"own part dated when revenue fell", nil, []string{"farewell.talk.apology.own_part_since"}, []string{"farewell.talk.apology.own_part"}},
		{"own part undated", func(_ *farewell.Decision, ev *farewell.Evidence) { ev.RevenueFallingSince = nil },
			[]string{"farewell.talk.apology.own_part"}, []string{"farewell.talk.apology.own_part_since", "farewell.summary.revenue_falling"}},
		{"handover items listed", nil, []string{help + "handover_items", "farewell.checklist.handover_items"}, []string{help + "handover_general"}},
		{"handover in general", func(d *farewell.Decision, _ *farewell.Evidence) { d.Part.Handover = []string{" ", ""} },
			[]string{help + "handover_general", "farewell.checklist.handover_general"}, []string{help + "handover_items"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, ev := partWays(locale.EN), evidence()
			p := *d.Part
			d.Part = &p
			if tt.edit != nil {
				tt.edit(&d, &ev)
			}
			plan := farewell.Select(ev, d)
			checkPlanIDs(t, plan, tt.want, tt.absent)
			if len(plan.BoundaryMemo)+len(plan.DeskNote)+len(plan.RecoveryPlan) > 0 {
				t.Errorf("part ways plan holds other paths' drafts")
			}
		})
	}
}

// checkPlanIDs checks the plan's messages include every id of want and
// none of absent, which does not fit.
func checkPlanIDs(t *testing.T, plan farewell.Plan, want, absent []string) {
	t.Helper()
	ids := plan.IDs()
	for _, id := range want {
		if !slices.Contains(ids, id) {
			t.Errorf("plan lacks %s", id)
		}
	}
	for _, id := range absent {
		if slices.Contains(ids, id) {
			t.Errorf("plan has %s, which does not fit", id)
		}
	}
}

// TestSelectConversationSteps checks the seven steps come in order.
func TestSelectConversationSteps(t *testing.T) {
	plan := farewell.Select(evidence(), partWays(locale.EN))
	steps := farewell.Steps()
	if len(plan.Conversation) != len(steps) {
		t.Fatalf("conversation has %d sections, want %d", len(plan.Conversation), len(steps))
	}
	for i, s := range plan.Conversation {
		if want := "farewell.talk.title." + steps[i]; s.Title.ID != want {
			t.Errorf("section %d is %s, want %s", i+1, s.Title.ID, want)
		}
		if len(s.Note) == 0 || len(s.Text) == 0 {
			t.Errorf("section %s lacks a note or text", s.Title.ID)
		}
	}
}

func TestSelectBoundaries(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(*farewell.Decision)
		want   []string
		absent []string
	}{
		{"neutral memo", nil,
			[]string{"farewell.memo.open.neutral", "farewell.memo.in_scope", "farewell.memo.out_of_scope.neutral", "farewell.memo.contact.neutral",
				"farewell.memo.channels.neutral", "farewell.memo.payment.neutral", "farewell.memo.close.neutral", "count.minutes",
				"farewell.desk.limit", "farewell.desk.channels", "farewell.desk.out_of_scope", "farewell.desk.payment", "farewell.desk.log"},
			[]string{"farewell.memo.open.direct", "farewell.desk.hostile"}},
		{"direct memo", func(d *farewell.Decision) { d.Tone = farewell.Direct },
			[]string{"farewell.memo.open.direct", "farewell.memo.out_of_scope.direct", "farewell.memo.contact.direct", "farewell.memo.close.direct"},
			[]string{"farewell.memo.open.neutral"}},
		{"hostile client", func(d *farewell.Decision) { d.Group = farewell.Hostile }, []string{"farewell.desk.hostile"}, nil},
		{"no payment terms or scope list", func(d *farewell.Decision) { d.Boundaries.PaymentTerms, d.Boundaries.InScope = "", nil },
			nil, []string{"farewell.memo.payment.neutral", "farewell.desk.payment", "farewell.memo.in_scope", "farewell.desk.in_scope"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := boundaries(locale.EN)
			b := *d.Boundaries
			d.Boundaries = &b
			if tt.edit != nil {
				tt.edit(&d)
			}
			plan := farewell.Select(evidence(), d)
			if len(plan.Conversation)+len(plan.Checklist)+len(plan.ReferralIntro)+len(plan.RecoveryPlan) > 0 {
				t.Errorf("boundaries plan holds other paths' drafts")
			}
			checkPlanIDs(t, plan, tt.want, tt.absent)
		})
	}
}

func TestSelectRecovery(t *testing.T) {
	for _, g := range []farewell.Group{farewell.Negotiating, farewell.WantsToNegotiate} {
		d := backToStart(locale.EN)
		d.Group = g
		plan := farewell.Select(evidence(), d)
		ids := plan.IDs()
		for _, id := range []string{"farewell.recovery.open." + string(g), "farewell.recovery.soften." + string(g),
			"farewell.recovery.redo", "farewell.recovery.by", "farewell.summary.head.back_to_start"} {
			if !slices.Contains(ids, id) {
				t.Errorf("%s: plan lacks %s", g, id)
			}
		}
		if len(plan.Conversation)+len(plan.BoundaryMemo) > 0 {
			t.Errorf("%s: recovery plan holds other paths' drafts", g)
		}
	}
}
