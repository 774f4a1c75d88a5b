package digest

// Payments is a client's payment discipline from its late-payment
// incidents: how many in the last TrendWeeks weeks, the amount they left
// outstanding and how late they were, against the TrendWeeks weeks before.
type Payments struct {
	Count       int   // late payments logged in the last TrendWeeks weeks
	Outstanding int64 // the amounts given with them, minor units
	// AvgDaysLate averages the days overdue given in the last TrendWeeks
	// weeks (0 when none were given); PrevAvgDaysLate those of the weeks
	// before.
	AvgDaysLate, PrevAvgDaysLate float64
	// FromInvoices: Count is the overdue invoices, Outstanding what they
	// still ask, AvgDaysLate how far past due they are today.
	FromInvoices bool

	days, prevDays   int
	dated, prevDated int
}

func (p *Payments) add(in IncidentFact, recent bool) {
	if !recent {
		if in.DaysLate > 0 {
			p.prevDays += in.DaysLate
			p.prevDated++
			p.PrevAvgDaysLate = float64(p.prevDays) / float64(p.prevDated)
		}
		return
	}
	p.Count++
	if in.AmountMinor > 0 {
		p.Outstanding = addSat(p.Outstanding, in.AmountMinor)
	}
	if in.DaysLate > 0 {
		p.days += in.DaysLate
		p.dated++
		p.AvgDaysLate = float64(p.days) / float64(p.dated)
	}
}

// addOverdue books an invoice past its due day by late days.
func (p *Payments) addOverdue(owed int64, late int) {
	p.Count++
	p.Outstanding = addSat(p.Outstanding, owed)
	p.days += late
	p.dated++
	p.AvgDaysLate = float64(p.days) / float64(p.dated)
}

// Worsening reports whether payments come later than in the weeks before.
func (p Payments) Worsening() bool {
	return p.dated > 0 && p.prevDated > 0 && p.AvgDaysLate > p.PrevAvgDaysLate+epsilon
}
