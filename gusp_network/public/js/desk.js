/* The desk (hooks.py app_include_js): French for the map tools of Frappe's Geolocation fields.
   Leaflet and leaflet-draw write their buttons and tooltips in English, outside Frappe's __(). */
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
