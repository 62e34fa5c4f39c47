"""Open311 GeoReport v2 at /open311/v2/, so city systems and apps can exchange reports.

- `GET services.json`: every `GUSP Theme` is a service (code and name = the theme's name).
- `GET requests.json`: public fields of the reports (filters `service_request_id`, `service_code`,
  `start_date`, `end_date`, `status`), newest first, the last 90 days by default, 1000 at most.
- `GET requests/<id>.json`: one report, as a one-element list.
- `POST requests.json`: a new `Resident Report` (channel "Open311"), inserted as the current user
  (a guest, usually) exactly like the portal does, so the controller's checks, who may report,
  the per-IP rate limit and routing all apply.

JSON only. Errors are GeoReport's list: `[{"code": 400, "description": "..."}]`.

Deliberate departures from the spec:
- no `api_key`: a POST is treated as a guest report, with the portal's rate limit;
- `media_url` in a POST is ignored (the server never fetches remote files);
- GeoReport has no consent field: an email is used to write to the reporter only when the client
  also sends the attribute `attribute[consent]=true`;
- the POST answer adds `tracking_url`, the reporter's public tracking page (clients ignore
  unknown keys).

Transactions: Frappe's `app.sync_database` commits after every POST that returns a response
without raising, so a created report needs no commit here (STYLE.md: no commit in app code).
The flip side is that an error answered as JSON is a "successful" return too: the renderer
rolls the transaction back before answering any error, so a refused POST leaves nothing behind
(not even a grey zone opened by routing or a naming-series number).

Modules: `renderer` (the page-renderer hook, dispatch and JSON answers), `views` (services and
requests, read and created) and `parsing` (dates, statuses and query parameters).
"""
