"""`./gusp bench`: the app at network scale, measured side by side with Frappe's own baselines.

Run as the bench user from the app folder: `python -m benchmarks.run [--scale 1.0]`. It creates
its own site (timing Frappe, the app's install and the demo data), adds scale data, serves the
site with gunicorn on 127.0.0.1, sends bounded load, measures in process what needs no HTTP,
checks the targets (`targets.py`) and writes `results/latest.json` and `results/latest.md`.
Exit code: 0 when every target is met, 1 when one is missed, 2 when the run itself failed.
"""

import argparse
import datetime
import json
import os
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:  # run as a script rather than with -m
	sys.path.insert(0, str(HERE.parent))

from benchmarks import scenarios
from benchmarks.load import Server
from benchmarks.output import machine, markdown
from benchmarks.server import gunicorn
from benchmarks.site import BenchSite, SiteError
from benchmarks.targets import check_targets

DEFAULT_SITE = "gusp-bench.localhost"
BENCH_PASSWORD = "bench-gusp"


def parse_args(argv: list[str]) -> argparse.Namespace:
	parser = argparse.ArgumentParser(prog="./gusp bench", description=__doc__.splitlines()[0])
	parser.add_argument("--scale", type=float, default=1.0, help="size of the data (1.0: 100,000 reports)")
	parser.add_argument("--site", default=DEFAULT_SITE, help="the benchmark's own site (recreated)")
	parser.add_argument(
		"--bench-dir", type=Path, default=Path(os.environ.get("FRAPPE_BENCH", HERE.parents[2]))
	)
	parser.add_argument("--out", type=Path, default=HERE / "results", help="folder for latest.json/.md")
	parser.add_argument("--clients", type=int, default=8, help="concurrent clients per load phase")
	parser.add_argument(
		"--seconds", type=float, help="length of each load phase (default: 20, 3 below scale 0.1)"
	)
	parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1), help="gunicorn workers")
	parser.add_argument("--drop-site", action="store_true", help="drop the site at the end")
	args = parser.parse_args(argv)
	if not 0 < args.scale <= 10:
		parser.error("--scale must be between 0 and 10")
	args.out, args.bench_dir = args.out.resolve(), args.bench_dir.resolve()
	args.seconds = args.seconds or (20.0 if args.scale >= 0.1 else 3.0)
	return args


def progress(message: str) -> None:
	print(f"[{datetime.datetime.now():%H:%M:%S}] {message}", flush=True)


def measure(args: argparse.Namespace, site: BenchSite, results: dict) -> None:
	"""Everything but the site's creation, on the connected site."""
	import frappe

	results["machine"] = machine(args.workers)
	progress(f"Generating scale data (scale {args.scale})")
	began = time.perf_counter()
	data = scenarios.prepare(args.scale, BENCH_PASSWORD, progress)
	data.update(password=BENCH_PASSWORD, admin_password=site.admin_password)
	results["setup_seconds"]["scale_data"] = time.perf_counter() - began
	results["counts"] = data["counts"]
	reports_before = frappe.db.count("Resident Report")

	progress(f"Serving with gunicorn ({args.workers} workers) and sending load")
	log = args.bench_dir / "logs" / "gunicorn-benchmark.log"
	with gunicorn(args.bench_dir, args.site, workers=args.workers, log=log) as (base_url, pid):
		server = Server(base_url, args.site, pid)
		server.sample_memory()
		try:
			results["http"] = scenarios.http_phases(
				server, data, clients=args.clients, seconds=args.seconds, progress=progress
			)
		finally:
			server.stop_sampling()
		results["memory"] = {"peak_worker_mb": round(server.peak_worker_mb, 1)}

	frappe.db.commit()  # a new snapshot: see what the server wrote
	submitted = sum(
		results["http"][phase]["accepted"] + results["http"][phase]["warmup_accepted"]
		for phase in scenarios.SUBMISSIONS
	)
	results["integrity"] = {
		"reports_accepted": submitted,
		"reports_added": frappe.db.count("Resident Report") - reports_before,
	}
	progress("Routing, in process")
	results["routing"] = scenarios.routing(data["route_samples"])
	progress("Script Reports against their raw SQL")
	results["reports"] = scenarios.reports(progress)


def run(args: argparse.Namespace) -> dict:
	import frappe

	site = BenchSite(
		args.bench_dir,
		args.site,
		db_root_password=os.environ.get("GUSP_DB_ROOT_PASSWORD", "gusp-root"),
		admin_password=os.environ.get("GUSP_ADMIN_PASSWORD", "admin"),
	)
	results = {
		"started": datetime.datetime.now().isoformat(timespec="seconds"),
		"scale": args.scale,
		"load": {
			"clients": args.clients,
			"seconds_per_phase": args.seconds,
			"gunicorn_workers": args.workers,
		},
	}
	try:
		progress(f"Creating the site {args.site}: Frappe, the app, the setup wizard, the demo data")
		results["setup_seconds"] = site.create()
		os.chdir(args.bench_dir / "sites")  # Frappe writes its logs to ../logs
		frappe.init(site=args.site, sites_path=".")
		frappe.connect()
		try:
			measure(args, site, results)
		finally:
			frappe.db.rollback()
			frappe.destroy()
	finally:
		if args.drop_site:
			try:
				site.drop()
			except SiteError as error:  # never hide why the run stopped
				print(error, file=sys.stderr)
	results["targets"] = check_targets(results)
	return results


def write(results: dict, out: Path) -> str:
	out.mkdir(parents=True, exist_ok=True)
	text = markdown(results)
	(out / "latest.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
	(out / "latest.md").write_text(text)
	return text


def main(argv: list[str] | None = None) -> int:
	args = parse_args(sys.argv[1:] if argv is None else argv)
	try:
		results = run(args)
	except Exception:
		traceback.print_exc()
		print("\nThe benchmark could not run to the end (see above).", file=sys.stderr)
		return 2
	print("\n" + write(results, args.out), flush=True)
	missed = [target["target"] for target in results["targets"] if not target["met"]]
	for target in missed:
		print(f"Target missed: {target}", flush=True)
	return 1 if missed else 0


if __name__ == "__main__":
	sys.exit(main())
