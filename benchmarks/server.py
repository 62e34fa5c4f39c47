"""gunicorn serving the benchmark's site, as in production (several sync workers), on 127.0.0.1.

It serves the app's WSGI application (`gusp_network.wsgi`: Frappe's, answering 503 while MariaDB or
Redis is away), as production does.
"""

import contextlib
import os
import socket
import subprocess
import time
from pathlib import Path

import requests


def free_port() -> int:
	with socket.socket() as probe:
		probe.bind(("127.0.0.1", 0))
		return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(bench_dir: Path, site: str, *, workers: int, log: Path, env: dict | None = None):
	"""Serve the bench's sites; yields (base_url, master_pid); stops the server on the way out.

	`env`: variables added to the server's environment (e.g. `FRAPPE_DB_PORT`, which Frappe reads
	before the site config)."""
	port = free_port()
	command = [
		str(bench_dir / "env" / "bin" / "gunicorn"),
		"--bind",
		f"127.0.0.1:{port}",
		"--workers",
		str(workers),
		"--timeout",
		"120",
		"gusp_network.wsgi:application_with_statics()",
	]
	with log.open("w") as output:
		process = subprocess.Popen(
			command,
			cwd=bench_dir / "sites",
			stdout=output,
			stderr=subprocess.STDOUT,
			env={**os.environ, **(env or {})},
		)
	base_url = f"http://127.0.0.1:{port}"
	try:
		wait_until_serving(base_url, site, process)
		yield base_url, process.pid
	finally:
		process.terminate()
		try:
			process.wait(30)
		except subprocess.TimeoutExpired:
			process.kill()
			process.wait()


def wait_until_serving(base_url: str, site: str, process: subprocess.Popen, seconds: float = 60) -> None:
	deadline = time.monotonic() + seconds
	session = requests.Session()
	session.trust_env = False  # never through a proxy
	while time.monotonic() < deadline:
		if process.poll() is not None:
			raise RuntimeError(f"gunicorn stopped (exit code {process.returncode})")
		with contextlib.suppress(requests.RequestException):
			response = session.get(
				f"{base_url}/api/method/ping", headers={"X-Frappe-Site-Name": site}, timeout=2
			)
			if response.ok:
				return
		time.sleep(0.3)
	raise RuntimeError(f"gunicorn did not answer {base_url} within {seconds:.0f} s")
