/* The portal residents use (hooks.py web_include_js): what Frappe's web pages leave out for screen
   readers. Web-form controls get their label (Frappe renders a label not tied to its input), and
   dialogs their title; done again whenever Frappe adds controls or dialogs. */
window.gusp_portal = {
	/* A native list grouped under headings in place of a web form's link field, e.g. categories
	   under their theme: readable by screen readers and usable by keyboard. `groups` come from
	   resident_voice/choices.py: [{label, options: [{value, label}]}]. */
	choose_from(web_form, fieldname, groups, placeholder) {
		const control = document.querySelector(`.frappe-control[data-fieldname='${fieldname}']`);
		if (!control || !groups.length) return;
		const select = document.createElement("select");
		select.className = "form-control gusp-choice";
		select.id = `gusp-choice-${fieldname}`;
		select.add(new Option(placeholder, ""));
		groups.forEach((group) => {
			const optgroup = document.createElement("optgroup");
			optgroup.label = group.label;
			group.options.forEach((option) => optgroup.appendChild(new Option(option.label, option.value)));
			select.appendChild(optgroup);
		});
		select.value = web_form.get_value(fieldname) || "";
		select.addEventListener("change", () => web_form.set_value(fieldname, select.value));
		const input = control.querySelector(".control-input-wrapper .control-input");
		input.classList.add("hide");
		input.after(select);
		const label = control.querySelector(".control-label");
		if (label) label.setAttribute("for", select.id);
	},
	/* A logged-in resident's name and email, already in the form. */
	prefill(web_form, values) {
		Object.entries(values || {}).forEach(([fieldname, value]) => {
			if (!web_form.get_value(fieldname)) web_form.set_value(fieldname, value);
		});
	},
};

(() => {
	let next_id = 0;
	const id_of = (el, prefix) => el.id || (el.id = `${prefix}-${++next_id}`);

	function label_controls(root) {
		root.querySelectorAll(".frappe-control[data-fieldname]").forEach((control) => {
			const label = control.querySelector(".control-label, label");
			const field = control.querySelector("select.gusp-choice, .control-input input:not([type='hidden']), .control-input textarea, .control-input select, input.input-with-feedback, textarea, select");
			if (!label || !field || label.htmlFor || !label.textContent.trim()) return;
			if (field.type === "checkbox" && label.contains(field)) return;
			label.htmlFor = id_of(field, "gusp-field");
			const help = control.querySelector(".help-box");
			if (help && help.textContent.trim()) field.setAttribute("aria-describedby", id_of(help, "gusp-help"));
		});
	}

	function name_dialogs(root) {
		root.querySelectorAll(".modal, [role='dialog']").forEach((dialog) => {
			if (dialog.getAttribute("aria-labelledby") || dialog.getAttribute("aria-label")) return;
			const title = dialog.querySelector(".modal-title, h1, h2, h3, h4");
			if (title && title.textContent.trim()) dialog.setAttribute("aria-labelledby", id_of(title, "gusp-dialog-title"));
		});
	}

	function name_close_buttons(root) {
		// Frappe's dialogs: an icon button with no name, or named in English
		const close_label = __("Close", null, "Close a dialog");
		root.querySelectorAll("button.btn-modal-close:not([aria-label]), button[data-dismiss='modal'][aria-label='Close']").forEach((button) =>
			button.setAttribute("aria-label", close_label)
		);
	}

	function decorate_images(root) {
		// the logo above the login form repeats the heading next to it
		root.querySelectorAll(".page-card-head img:not([alt]), .navbar-brand img:not([alt])").forEach((img) => img.setAttribute("alt", ""));
	}

	function fix(root) {
		label_controls(root);
		name_dialogs(root);
		name_close_buttons(root);
		decorate_images(root);
	}

	let pending = false;
	const observer = new MutationObserver(() => {
		if (pending) return;
		pending = true;
		requestAnimationFrame(() => {
			pending = false;
			fix(document);
		});
	});
	document.addEventListener("DOMContentLoaded", () => {
		fix(document);
		observer.observe(document.body, { childList: true, subtree: true });
	});
})();
