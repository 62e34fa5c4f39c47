// The desk's calendar of meetings (/app/network-meeting/view/calendar), coloured by state.
frappe.views.calendar["Network Meeting"] = {
	field_map: {
		start: "starts_on",
		end: "ends_on",
		id: "name",
		title: "title",
		allDay: 0,
	},
	fields: ["name", "title", "starts_on", "ends_on", "workflow_state"],
	get_css_class(meeting) {
		return (
			{ Held: "warning", "Minutes Published": "success", Cancelled: "danger" }[
				meeting.workflow_state
			] || "default"
		);
	},
	get_events_method: "frappe.desk.calendar.get_events",
};
