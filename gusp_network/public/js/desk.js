/* The desk (hooks.py app_include_js): a French message after each workflow action, and French for
   the map tools of Frappe's Geolocation fields. */

// After a workflow action Frappe says nothing (or an English toast): say what happened, in the
// user's language and the new state's colour.
["Action Sheet", "Resident Report", "Cooperation Agreement", "Cooperation Charter"].forEach((doctype) =>
	frappe.ui.form.on(doctype, {
		before_workflow_action(frm) {
			// Frappe forgets the action before `after_workflow_action`
			frm.gusp_workflow_action = frm.selected_workflow_action;
		},
		after_workflow_action(frm) {
			const [state, colour] = frappe.get_indicator(frm.doc, frm.doctype, true) || [__(frm.doc.workflow_state)];
			frappe.show_alert(
				{
					message: __("Done: {0}. The status is now {1}.", [__(frm.gusp_workflow_action), state]),
					indicator: colour || "green",
				},
				7
			);
		},
	})
);

// Leaflet and leaflet-draw write their buttons and tooltips in English, outside Frappe's __().
(() => {
	function french_map_tools() {
		if (!window.L || L.gusp_french) return;
		L.gusp_french = true;
		const cancel = { title: __("Cancel drawing"), text: __("Cancel") };
		Object.assign(L.drawLocal.draw.toolbar, {
			actions: cancel,
			finish: { title: __("Finish drawing"), text: __("Finish") },
			undo: { title: __("Delete last point drawn"), text: __("Delete last point") },
			buttons: {
				polyline: __("Draw a polyline"),
				polygon: __("Draw a polygon"),
				rectangle: __("Draw a rectangle"),
				circle: __("Draw a circle"),
				marker: __("Draw a marker"),
				circlemarker: __("Draw a circlemarker"),
			},
		});
		const handlers = L.drawLocal.draw.handlers;
		handlers.circle.tooltip.start = __("Click and drag to draw circle.");
		handlers.circle.radius = __("Radius");
		handlers.circlemarker.tooltip.start = __("Click map to place circle marker.");
		handlers.marker.tooltip.start = __("Click map to place marker.");
		Object.assign(handlers.polygon.tooltip, {
			start: __("Click to start drawing shape."),
			cont: __("Click to continue drawing shape."),
			end: __("Click first point to close this shape."),
		});
		handlers.polyline.error = __("<strong>Error:</strong> shape edges cannot cross!");
		Object.assign(handlers.polyline.tooltip, {
			start: __("Click to start drawing line."),
			cont: __("Click to continue drawing line."),
			end: __("Click last point to finish line."),
		});
		handlers.rectangle.tooltip.start = __("Click and drag to draw rectangle.");
		handlers.simpleshape.tooltip.end = __("Release mouse to finish drawing.");
		Object.assign(L.drawLocal.edit.toolbar, {
			actions: {
				save: { title: __("Save changes"), text: __("Save") },
				cancel: { title: __("Cancel editing, discards all changes"), text: __("Cancel") },
				clearAll: { title: __("Clear all layers"), text: __("Clear All") },
			},
			buttons: {
				edit: __("Edit layers"),
				editDisabled: __("No layers to edit"),
				remove: __("Delete layers"),
				removeDisabled: __("No layers to delete"),
			},
		});
		L.drawLocal.edit.handlers.edit.tooltip = {
			text: __("Drag handles or markers to edit features."),
			subtext: __("Click cancel to undo changes."),
		};
		L.drawLocal.edit.handlers.remove.tooltip = { text: __("Click on a feature to remove.") };
		Object.assign(L.Control.Zoom.prototype.options, { zoomInTitle: __("Zoom in"), zoomOutTitle: __("Zoom out") });
		if (L.Control.Locate) {
			L.Control.Locate.prototype.options.strings = {
				...L.Control.Locate.prototype.options.strings,
				title: __("Show me where I am"),
			};
		}
	}

	$(document).on("app_ready", () => {
		const Geolocation = frappe.ui.form.ControlGeolocation;
		if (!Geolocation) return;
		const make_map = Geolocation.prototype.make_map;
		Geolocation.prototype.make_map = function (...args) {
			french_map_tools();
			return make_map.apply(this, args);
		};
	});
})();
