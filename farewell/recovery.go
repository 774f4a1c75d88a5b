package farewell

// selectRecovery is the recovery plan message for the client: what will be
// redone or finished at our cost, by when, and a softened blow. Its framing
// follows the group: a client negotiating at our expense hears that the fix
// is the work, not the price; one who wants to negotiate hears how they will
// be kept informed.
func selectRecovery(d Decision, r RecoveryDetails) []Para {
	group := string(groupOf(d))
	if groupOf(d) == Hostile {
		// Not allowed by Validate; keep the firmer framing if it ever is.
		group = string(Negotiating)
	}
	return []Para{
		para(msgWith("farewell.recovery.open."+group, map[string]Arg{"Client": text(d.Client)})),
		para(
			msgWith("farewell.recovery.redo", map[string]Arg{"Redo": text(r.Redo)}),
			msgWith("farewell.recovery.by", map[string]Arg{"By": date(r.By)}),
		),
		para(msg("farewell.recovery.sorry"), msg("farewell.recovery.soften."+group)),
		para(msg("farewell.recovery.questions")),
		para(msg("farewell.recovery.close")),
	}
}
