package farewell_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tact-bot/tact/farewell"
	"github.com/tact-bot/tact/locale"
)

func TestValidate(t *testing.T) {
	fe := func(f farewell.Field, c farewell.Code) farewell.FieldError {
		return farewell.FieldError{Field: f, Code: c}
	}
	part := func(edit func(*farewell.Decision)) farewell.Decision {
		d := partWays(locale.EN)
		p := *d.Part
		d.Part = &p
		edit(&d)
		return d
	}
	bound := func(edit func(*farewell.BoundaryDetails)) farewell.Decision {
		d := boundaries(locale.RU)
		b := *d.Boundaries
		edit(&b)
		d.Boundaries = &b
		return d
	}
	tests := []struct {
		name string
		d    farewell.Decision
		want []farewell.FieldError
	}{
		{"part ways complete", partWays(locale.EN), nil},
		{"boundaries complete", boundaries(locale.RU), nil},
		{"back to start complete", backToStart(locale.EN), nil},
		{"end date today is allowed", part(func(d *farewell.Decision) { d.Part.EndDate = today }), nil},
		{"end date in the past", part(func(d *farewell.Decision) { d.Part.EndDate = today.AddDate(0, 0, -1) }),
			[]farewell.FieldError{fe(farewell.FieldEndDate, farewell.CodePast)}},
		{"end date missing", part(func(d *farewell.Decision) { d.Part.EndDate = time.Time{} }),
			[]farewell.FieldError{fe(farewell.FieldEndDate, farewell.CodeMissing)}},
		{"no reasons", part(func(d *farewell.Decision) { d.Part.Reasons = nil }),
			[]farewell.FieldError{fe(farewell.FieldReasons, farewell.CodeMissing)}},
		{"unknown reason", part(func(d *farewell.Decision) { d.Part.Reasons = []farewell.Sign{"scope-creep"} }),
			[]farewell.FieldError{fe(farewell.FieldReasons, farewell.CodeInvalid)}},
		{"empty referral is no referral", part(func(d *farewell.Decision) { d.Part.Referral = &farewell.Referral{Provider: "  "} }), nil},
		{"referral without provider", part(func(d *farewell.Decision) { d.Part.Referral = &farewell.Referral{Contact: "x@example.com"} }),
			[]farewell.FieldError{fe(farewell.FieldReferral, farewell.CodeMissing)}},
		{"refund and channel missing", part(func(d *farewell.Decision) { d.Part.Refund, d.Part.Channel = "", "" }),
			[]farewell.FieldError{fe(farewell.FieldRefund, farewell.CodeMissing), fe(farewell.FieldChannel, farewell.CodeMissing)}},
		{"email is not a channel", part(func(d *farewell.Decision) { d.Part.Channel = "email" }),
			[]farewell.FieldError{fe(farewell.FieldChannel, farewell.CodeInvalid)}},
		{"no speaker", part(func(d *farewell.Decision) { d.Part.Speaker = " " }),
			[]farewell.FieldError{fe(farewell.FieldSpeaker, farewell.CodeMissing)}},
		{"no tone", part(func(d *farewell.Decision) { d.Tone = "" }),
			[]farewell.FieldError{fe(farewell.FieldTone, farewell.CodeMissing)}},
		{"part ways without details", part(func(d *farewell.Decision) { d.Part = nil }),
			[]farewell.FieldError{
				fe(farewell.FieldEndDate, farewell.CodeMissing), fe(farewell.FieldReasons, farewell.CodeMissing),
				fe(farewell.FieldRefund, farewell.CodeMissing), fe(farewell.FieldSpeaker, farewell.CodeMissing),
				fe(farewell.FieldChannel, farewell.CodeMissing),
			}},
		{"back to start with a hostile client", func() farewell.Decision {
			d := backToStart(locale.EN)
			d.Group = farewell.Hostile
			return d
		}(), []farewell.FieldError{fe(farewell.FieldPath, farewell.CodeHostileGroup)}},
		{"back to start needs no tone", func() farewell.Decision {
			d := backToStart(locale.EN)
			d.Tone = ""
			return d
		}(), nil},
		{"back to start without details", func() farewell.Decision {
			d := backToStart(locale.EN)
			d.Recovery = &farewell.RecoveryDetails{Redo: " . "}
			return d
		}(), []farewell.FieldError{fe(farewell.FieldRedo, farewell.CodeMissing), fe(farewell.FieldRedoBy, farewell.CodeMissing)}},
		{"recovery date in the past", func() farewell.Decision {
			d := backToStart(locale.EN)
			d.Recovery.By = day(2026, 9, 30)
			return d
		}(), []farewell.FieldError{fe(farewell.FieldRedoBy, farewell.CodePast)}},
		{"contact minutes default to 3", bound(func(b *farewell.BoundaryDetails) { b.ContactMinutes = 0 }), nil},
		{"contact minutes 60", bound(func(b *farewell.BoundaryDetails) { b.ContactMinutes = 60 }), nil},
		{"contact minutes 61", bound(func(b *farewell.BoundaryDetails) { b.ContactMinutes = 61 }),
			[]farewell.FieldError{fe(farewell.FieldContactMinutes, farewell.CodeOutOfRange)}},
		{"contact minutes negative", bound(func(b *farewell.BoundaryDetails) { b.ContactMinutes = -1 }),
			[]farewell.FieldError{fe(farewell.FieldContactMinutes, farewell.CodeOutOfRange)}},
		{"boundaries without limits", bound(func(b *farewell.BoundaryDetails) { b.OutOfScope, b.Channels = []string{" "}, nil }),
			[]farewell.FieldError{fe(farewell.FieldOutOfScope, farewell.CodeMissing), fe(farewell.FieldChannels, farewell.CodeMissing)}},
		{"nothing chosen", farewell.Decision{},
			[]farewell.FieldError{
				fe(farewell.FieldClient, farewell.CodeMissing), fe(farewell.FieldLang, farewell.CodeInvalid),
				fe(farewell.FieldGroup, farewell.CodeMissing), fe(farewell.FieldPath, farewell.CodeMissing),
			}},
		{"unknown values", farewell.Decision{Client: "X", Lang: "de", Group: "furious", Path: "ghost"},
			[]farewell.FieldError{
				fe(farewell.FieldLang, farewell.CodeInvalid), fe(farewell.FieldGroup, farewell.CodeInvalid),
				fe(farewell.FieldPath, farewell.CodeInvalid),
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.d.Validate(today)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Validate = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestFieldErrorText renders every field error the wizard can produce in
// both languages.
func TestFieldErrorText(t *testing.T) {
	cat := catalog(t)
	errs := []farewell.FieldError{
		{Field: farewell.FieldClient, Code: farewell.CodeMissing},
		{Field: farewell.FieldLang, Code: farewell.CodeInvalid},
		{Field: farewell.FieldGroup, Code: farewell.CodeMissing},
		{Field: farewell.FieldGroup, Code: farewell.CodeInvalid},
		{Field: farewell.FieldPath, Code: farewell.CodeMissing},
		{Field: farewell.FieldPath, Code: farewell.CodeInvalid},
		{Field: farewell.FieldPath, Code: farewell.CodeHostileGroup},
		{Field: farewell.FieldTone, Code: farewell.CodeMissing},
		{Field: farewell.FieldTone, Code: farewell.CodeInvalid},
		{Field: farewell.FieldEndDate, Code: farewell.CodeMissing},
		{Field: farewell.FieldEndDate, Code: farewell.CodePast},
		{Field: farewell.FieldReasons, Code: farewell.CodeMissing},
		{Field: farewell.FieldReasons, Code: farewell.CodeInvalid},
		{Field: farewell.FieldRefund, Code: farewell.CodeMissing},
		{Field: farewell.FieldRefund, Code: farewell.CodeInvalid},
		{Field: farewell.FieldReferral, Code: farewell.CodeMissing},
		{Field: farewell.FieldSpeaker, Code: farewell.CodeMissing},
		{Field: farewell.FieldChannel, Code: farewell.CodeMissing},
		{Field: farewell.FieldChannel, Code: farewell.CodeInvalid},
		{Field: farewell.FieldOutOfScope, Code: farewell.CodeMissing},
		{Field: farewell.FieldContactMinutes, Code: farewell.CodeOutOfRange},
		{Field: farewell.FieldChannels, Code: farewell.CodeMissing},
		{Field: farewell.FieldRedo, Code: farewell.CodeMissing},
		{Field: farewell.FieldRedoBy, Code: farewell.CodeMissing},
		{Field: farewell.FieldRedoBy, Code: farewell.CodePast},
	}
	for _, lang := range []string{locale.EN, locale.RU} {
		p := cat.For(lang)
		for _, e := range errs {
			got := e.Text(p)
			assertRendered(t, lang+" "+e.Error(), got)
		}
	}
	if got := (farewell.FieldError{Field: farewell.FieldContactMinutes, Code: farewell.CodeOutOfRange}).Text(cat.For(locale.RU)); !strings.Contains(got, "60") {
		t.Errorf("contact limit error should give the bounds: %q", got)
	}
}

func TestDraftRefusesInvalid(t *testing.T) {
	d := partWays(locale.EN)
	d.Part = &farewell.PartDetails{}
	_, err := farewell.Draft(catalog(t), evidence(), d)
	if !errors.Is(err, farewell.ErrInvalid) {
		t.Fatalf("Draft of an incomplete decision: err = %v, want ErrInvalid", err)
	}
	if !strings.Contains(err.Error(), "end_date: missing") {
		t.Errorf("error should list the problems: %v", err)
	}
}
