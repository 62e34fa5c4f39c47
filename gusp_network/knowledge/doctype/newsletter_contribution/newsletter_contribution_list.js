// Newsletter Contribution list: build the next edition of the newsletter from the selected
// contributions (those ticked, or all the selected ones), then open it to review and send.
frappe.listview_settings["Newsletter Contribution"] = {
	onload(listview) {
		if (!frappe.model.can_create("Newsletter")) return;
		listview.page.add_inner_button(__("Build the Newsletter"), () => {
			const ticked = listview.get_checked_items(true);
			build_newsletter(ticked.length ? ticked : null).then(() => listview.refresh());
		});
	},
};

function build_newsletter(contributions) {
	return new Promise((resolve) => {
		frappe.prompt(
			{
				fieldname: "subject",
				fieldtype: "Data",
				label: __("Subject"),
				description: __("Leave empty for the newsletter of this month."),
			},
			({ subject }) =>
				frappe
					.call({
						method: "gusp_network.knowledge.newsletters.build_newsletter",
						type: "POST",
						args: { contributions, subject },
						freeze: true,
						freeze_message: __("Building the newsletter…"),
					})
					.then((r) => {
						const link = `<a href="/app/newsletter/${encodeURIComponent(r.message)}">${__(
							"Open the newsletter"
						)}</a>`;
						frappe.msgprint({
							title: __("Newsletter built"),
							indicator: "green",
							message: `${__(
								"The edition is ready: review it, then send it (or schedule it) from its own form."
							)}<br>${link}`,
						});
						resolve(r.message);
					}),
			__("Build the Newsletter"),
			__("Build the Newsletter")
		);
	});
}
