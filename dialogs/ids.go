package dialogs

// Every id Slack sends back to us. Changing one breaks modals that are open
// and buttons already posted, so they are fixed strings, each named once.

// Action ids of buttons other packages put in their messages; the handlers
// live here. A button's value is the client id, or "" for none.
const (
	ActionLogIncident = "incident.open"
	ActionLogHours    = "hours.open"
)

// Buttons in the replies to a logged incident or time entry; the value is
// the incident's or the entry's id.
const (
	ActionIncidentEdit   = "incident.edit"
	ActionIncidentDelete = "incident.delete"
	// ActionIncidentHistory is the card's button on an edited incident,
	// for managers; the value is the incident's id.
	ActionIncidentHistory = "incident.history"
	ActionHoursUndo       = "hours.undo"
)

// Modals and the message shortcut.
const (
	CallbackIncident     = "incident.modal.new"
	CallbackIncidentEdit = "incident.modal.edit"
	CallbackHours        = "hours.modal.new"
	// ShortcutLogIncident is the message shortcut's callback_id, as
	// declared in deploy/slack-app-manifest.yml.
	ShortcutLogIncident = "log_incident_from_message"
)

// Fields of the incident and hours modals: block ids (keys of
// response_action errors) and the action ids of their elements.
const (
	BlockNotice = "notice"

	BlockClient  = "client"
	ActionClient = "log.client" // static select, or external select served by block_suggestion

	BlockCategory  = "category"
	ActionCategory = "incident.category"

	BlockSeverity  = "severity"
	ActionSeverity = "incident.severity"

	BlockDay  = "day"
	ActionDay = "log.day"

	BlockWhat  = "what"
	ActionWhat = "incident.what"

	BlockEvidence  = "evidence"
	ActionEvidence = "incident.evidence"

	BlockDuration  = "duration"
	ActionDuration = "hours.duration"

	BlockDepartment  = "department"
	ActionDepartment = "hours.department"

	BlockNote  = "note"
	ActionNote = "hours.note"

	BlockAmount  = "amount"
	ActionAmount = "incident.amount"

	BlockDaysLate  = "days_late"
	ActionDaysLate = "incident.days_late"

	BlockOutside  = "outside"
	ActionOutside = "hours.outside" // checkboxes: one option, OptionOutside
	OptionOutside = "outside"
)
