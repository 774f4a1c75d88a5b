package farewell

import "slices"

// Independence is what the wizard knows to check who decides (seed 004:
// not sales, not the account team): the departments of the people
// concerned and who logged the most hours on the client over the 12 weeks.
// Hours are not anonymous; incidents' reporters never appear here.
type Independence struct {
	// Sales are the people whose department is sales.
	Sales []string
	// MostHours is who logged the most hours on the client over the
	// window; "" when nobody did.
	MostHours string
}

// SalesDepartment is the department name that means sales.
const SalesDepartment = "sales"

// closeToAccount says why a person is not independent: "sales", "hours"
// (logged the most on the client), or "".
func (in Independence) closeToAccount(user string) string {
	switch {
	case user == "":
		return ""
	case slices.Contains(in.Sales, user):
		return "sales"
	case user == in.MostHours:
		return "hours"
	}
	return ""
}

// independenceWarnings are the data's warnings about who decides and who
// reviews: they cannot be ticked away.
func independenceWarnings(in Independence, d Decision, client string) []Warning {
	var out []Warning
	if why := in.closeToAccount(d.Decider); why != "" {
		out = append(out, Warning{Code: WarnDeciderClose, Line: msgWith("farewell.warn.decider_"+why, map[string]Arg{"Client": text(client)})})
	}
	if why := in.closeToAccount(d.Checks.Reviewer); why != "" {
		out = append(out, Warning{Code: WarnReviewerClose, Line: msgWith("farewell.warn.reviewer_"+why, map[string]Arg{
			"Client": text(client), "Reviewer": mention(d.Checks.Reviewer),
		})})
	}
	return out
}
