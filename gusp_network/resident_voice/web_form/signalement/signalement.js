/* /signalement: a map to place the problem, "déjà signalé ?" and the tracking link.
   Rendered by Jinja: gusp_map comes from signalement.py. */
Object.assign(frappe._messages, {{ gusp_messages | json }});

frappe.ready(() => {
	const config = {{ gusp_map | json }};
	const web_form = frappe.web_form;

	$("[data-fieldname='hp_website'] input").attr({ tabindex: "-1", autocomplete: "off", "aria-hidden": "true" });
	gusp_portal.choose_from(web_form, "theme", {{ gusp_choices | json }}.theme, __("Choose a category"));
	gusp_portal.prefill(web_form, {{ gusp_prefill | json }});
	// latitude and longitude are filled from the map, not typed
	["latitude", "longitude"].forEach((f) => $(`[data-fieldname='${f}']`).addClass("hide"));

	// __() calls stay outside template literals, where Frappe's string extractor does not look
	const map_label = __("Map: tap where the problem is");
	const locate_label = __("Use my position");
	const $map = $(`<div id="gusp-map" role="application" aria-label="${map_label}"></div>`);
	const $locate = $(`<button type="button" class="btn btn-default btn-sm mb-2">${locate_label}</button>`);
	const $nearby = $(`<div class="gusp-nearby hide" aria-live="polite"></div>`);
	$(".frappe-control[data-fieldname='address']").first().before($locate, $map, $nearby);

	let marker = null;
	let point = null; // the point placed on the map, known before the form's values are
	const load = (src, type) =>
		new Promise((resolve) => {
			const el = document.createElement(type === "css" ? "link" : "script");
			if (type === "css") Object.assign(el, { rel: "stylesheet", href: src });
			else el.src = src;
			el.onload = resolve;
			el.onerror = resolve;
			document.head.appendChild(el);
		});

	Promise.all([load("/assets/frappe/js/lib/leaflet/leaflet.css", "css"), load("/assets/frappe/js/lib/leaflet/leaflet.js")]).then(() => {
		if (!window.L) return;
		L.Icon.Default.imagePath = "/assets/frappe/images/leaflet/";
		const map = L.map("gusp-map", { zoomControl: false }).setView([config.latitude, config.longitude], config.zoom);
		L.control.zoom({ zoomInTitle: __("Zoom in"), zoomOutTitle: __("Zoom out") }).addTo(map);
		map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>'); // no English title
		L.tileLayer(config.tiles, { attribution: "© OpenStreetMap", maxZoom: 19 }).addTo(map);
		map.on("click", (e) => place(e.latlng.lat, e.latlng.lng));
		window.gusp_place = place; // used by the position button
		window.gusp_map = map; // the browser test reads where a tap lands
		function place(lat, lng) {
			if (marker) marker.setLatLng([lat, lng]);
			else marker = L.marker([lat, lng]).addTo(map);
			point = { latitude: Number(lat.toFixed(7)), longitude: Number(lng.toFixed(7)) };
			// the form's values are set asynchronously: "déjà signalé ?" asks with the point itself
			web_form.set_value("latitude", point.latitude);
			web_form.set_value("longitude", point.longitude);
			check_nearby();
		}
		$locate.on("click", () => {
			if (!navigator.geolocation) return frappe.msgprint(__("Your browser cannot share your position."));
			navigator.geolocation.getCurrentPosition(
				(pos) => {
					map.setView([pos.coords.latitude, pos.coords.longitude], 17);
					place(pos.coords.latitude, pos.coords.longitude);
				},
				() => frappe.msgprint(__("Your position is not available: tap the map instead."))
			);
		});
	});

	// asked whenever both the category and the point are known, whichever comes last
	function check_nearby(theme) {
		theme = typeof theme === "string" && theme ? theme : web_form.get_value("theme");
		if (!theme || !point) return $nearby.addClass("hide");
		frappe.call({
			method: "gusp_network.resident_voice.portal.nearby_reports",
			type: "GET",
			args: { theme, ...point },
			callback: (r) => show_nearby(r.message || []),
		});
	}

	function show_nearby(reports) {
		if (!reports.length) return $nearby.addClass("hide").empty();
		const heading = __("Already reported?");
		const hint = __("These reports of the same kind are open nearby. If it is the same problem, add your voice instead of a new report.");
		const me_too_label = __("Me too");
		$nearby.removeClass("hide").html(`<h3 class="h6">${heading}</h3>
			<p class="small">${hint}</p>
			<ul class="list-unstyled"></ul>`);
		reports.forEach((r) => {
			const $li = $(`<li></li>`).text(`${r.name} — ${r.address || ""} (${r.distance_m} m, ${r.status}) `);
			$(`<button type="button" class="btn btn-xs btn-default">${me_too_label}</button>`)
				.on("click", () =>
					frappe.call({
						method: "gusp_network.resident_voice.portal.me_too",
						type: "POST",
						args: { report: r.name },
						// the server says whether this voice was added or was already counted
						callback: (answer) => show_voice_added(r.name, answer.message.message),
					})
				)
				.appendTo($li);
			$nearby.find("ul").append($li);
		});
	}

	function show_done(name, url, message) {
		$(".web-form-container").hide();
		$(".success-page").removeClass("hide");
		$(".success-message").text(message);
		if (!url) return $(".success-body").append($("<p></p>").text(__("Reference: {0}", [name])));
		const $link = $(`<p class="gusp-tracking-link"></p>`);
		$link.append(document.createTextNode(__("Reference: {0}. Follow it here:", [name]) + " "));
		$("<a>").attr("href", url).text(url).appendTo($link);
		$(".success-body").append($link);
	}

	// after "me too": what happens next, and an offer to hear about it (never the report's key)
	function show_voice_added(name, message) {
		show_done(name, null, message);
		const next = __("Your voice counts: the organisation in charge sees how many residents are concerned.");
		const offer = __("To hear what happens next, leave your email: we will write when the report moves on.");
		const email_label = __("Your email");
		const consent_label = __("I agree to be emailed about this report");
		const button_label = __("Keep me informed");
		const $form = $(`<form class="gusp-follow mt-3" novalidate>
			<p></p><p></p>
			<div class="form-group"><label for="gusp-follow-email"></label>
				<input id="gusp-follow-email" type="email" class="form-control" autocomplete="email" required></div>
			<div class="form-check mb-2"><input id="gusp-follow-consent" type="checkbox" class="form-check-input">
				<label for="gusp-follow-consent" class="form-check-label"></label></div>
			<button type="submit" class="btn btn-primary"></button>
			<p class="gusp-follow-message mt-2" role="status" aria-live="polite"></p>
		</form>`);
		$form.find("p").eq(0).text(next);
		$form.find("p").eq(1).text(offer);
		$form.find("label[for='gusp-follow-email']").text(email_label);
		$form.find("label[for='gusp-follow-consent']").text(consent_label);
		$form.find("button").text(button_label);
		$form.on("submit", (event) => {
			event.preventDefault();
			frappe.call({
				method: "gusp_network.resident_voice.portal.follow",
				type: "POST",
				args: {
					report: name,
					email: $form.find("#gusp-follow-email").val(),
					consent: $form.find("#gusp-follow-consent").prop("checked") ? 1 : 0,
				},
				btn: $form.find("button"),
				callback: (answer) => {
					$form.find(".form-group, .form-check, button").remove();
					$form.find(".gusp-follow-message").text(answer.message.message);
				},
			});
		});
		$(".success-body").append($form);
	}

	web_form.on("theme", (field, value) => check_nearby(value));

	const handle_success = web_form.handle_success.bind(web_form);
	web_form.handle_success = (data) => {
		handle_success(data);
		if (data && data.tracking_url) {
			show_done(data.name, data.tracking_url, __("Thank you. Your report has been sent to the organisation in charge."));
		}
	};
});
