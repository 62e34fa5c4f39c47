// Network Meeting form: send the invitations (each with the meeting's .ics file) to the participants.
frappe.ui.form.on("Network Meeting", {
	refresh(frm) {
		if (frm.is_new() || frm.doc.workflow_state !== "Planned" || !frm.perm[0].write) return;
		frm.add_custom_button(__("Send Invitations"), () => {
			if (frm.is_dirty()) {
				frappe.msgprint(__("Save the meeting before sending the invitations."));
				return;
			}
			frappe.confirm(__("Email an invitation, with the calendar file, to every participant?"), () =>
				frappe
					.call({
						method: "gusp_network.network_life.meetings.invite",
						args: { meeting: frm.doc.name },
					})
					.then((r) => r.message && frappe.show_alert({ message: r.message, indicator: "green" }))
			);
		});
	},
});
