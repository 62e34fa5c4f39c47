Object.assign(frappe._messages, {{ gusp_messages | json }});

frappe.ready(() => {
	const web_form = frappe.web_form;
	// the honeypot stays out of reach of people using a keyboard or a screen reader
	$("[data-fieldname='hp_website'] input").attr({ tabindex: "-1", autocomplete: "off", "aria-hidden": "true" });
	const choices = {{ gusp_choices | json }};
	gusp_portal.choose_from(web_form, "theme", choices.theme, __("Choose a theme"));
	gusp_portal.choose_from(web_form, "territory", choices.territory, __("Choose your neighbourhood"));
	gusp_portal.prefill(web_form, {{ gusp_prefill | json }});
});
