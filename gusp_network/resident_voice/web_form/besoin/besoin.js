Object.assign(frappe._messages, {{ gusp_messages | json }});

frappe.ready(() => {
	// the honeypot stays out of reach of people using a keyboard or a screen reader
	$("[data-fieldname='hp_website'] input").attr({ tabindex: "-1", autocomplete: "off", "aria-hidden": "true" });
});
