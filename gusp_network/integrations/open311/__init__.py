"""Open311 GeoReport v2 at /open311/v2/, so city systems and apps can exchange reports.

Every resource answers in XML (`.xml`, the format the specification requires) or JSON (`.json`),
errors included, from the same data (`formats`):

- `GET services`: every `GUSP Theme` is a service; `service_code` is the theme's stable code
  (`eclairage-public`, kept when the theme is renamed), `service_name` its name.
- `GET requests`: public fields of the reports (filters `service_request_id`, `service_code`,
  `start_date`, `end_date`, `status`), newest first, the last 90 days by default, 1000 at most.
- `GET requests/<id>`: one report, as a one-element list.
- `POST requests`: a new `Resident Report` (channel "Open311") from an application holding the
  `api_key` of an enabled `Open311 Client` (or from anyone, when GUSP Settings accepts reports
  without a key), inserted as the current user (a guest) exactly like the portal does, so the
  controller's checks, who may report, the per-IP rate limit and routing all apply. A report
  sent with a key gets a comment naming its client.

`jurisdiction_id` is accepted everywhere and ignored: the network is one jurisdiction. Where a
client sends a `service_code`, a theme's name is still taken, for clients written before codes.

Errors are GeoReport's list: `[{"code": 400, "description": "..."}]`, or
`<errors><error><code>400</code><description>...</description></error></errors>`.

Deliberate departures from the spec:
- no service definitions (every service has `metadata` false) and no service discovery file;
- `media_url` in a POST is ignored (the server never fetches remote files);
- GeoReport has no consent field: an email is used to write to the reporter only when the client
  also sends the attribute `attribute[consent]=true`;
- the POST answer adds `tracking_url`, the reporter's public tracking page (clients ignore
  unknown keys).

Transactions: Frappe's `app.sync_database` commits after every POST that returns a response
without raising, so a created report needs no commit here (STYLE.md: no commit in app code).
The flip side is that an error answered as GeoReport's list is a "successful" return too: the
renderer rolls the transaction back before answering any error, so a refused POST leaves nothing
behind (not even a grey zone opened by routing or a naming-series number).

Modules: `renderer` (the page-renderer hook and dispatch), `formats` (XML and JSON bodies),
`views` (services and requests, read and created) and `parsing` (dates, statuses and query
parameters).
"""
