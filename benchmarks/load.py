"""Bounded HTTP load against the benchmark's gunicorn, on 127.0.0.1 only.

A phase runs a fixed number of clients (threads, one keep-alive session each) for a fixed time,
and stops by itself: each client sends its next request only while the phase's time is left, and
every request has a timeout. A few requests per client warm the workers up before the clock starts.
"""

import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import psutil
import requests

REQUEST_TIMEOUT = 30  # seconds; a request that takes longer counts as failed


@dataclass
class Phase:
	"""What one load phase measured."""

	name: str
	latencies_ms: list[float] = field(default_factory=list)
	statuses: Counter = field(default_factory=Counter)
	seconds: float = 0.0
	accepted: int = 0  # answers the scenario counts as done (e.g. a report created)
	warmup_accepted: int = 0  # the same, before the clock started

	@property
	def count(self) -> int:
		return len(self.latencies_ms)

	@property
	def server_errors(self) -> int:
		return sum(n for status, n in self.statuses.items() if status >= 500 or status == 0)

	def percentile(self, p: int) -> float:
		if len(self.latencies_ms) < 2:
			return self.latencies_ms[0] if self.latencies_ms else 0.0
		return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[p - 1]

	def as_dict(self) -> dict:
		return {
			"requests": self.count,
			"per_second": round(self.count / self.seconds, 1) if self.seconds else 0.0,
			"p50_ms": round(self.percentile(50), 1),
			"p95_ms": round(self.percentile(95), 1),
			"statuses": {str(status): n for status, n in sorted(self.statuses.items())},
			"accepted": self.accepted,
			"warmup_accepted": self.warmup_accepted,
		}


class Server:
	"""The gunicorn under test: its address, site and workers' memory."""

	def __init__(self, base_url: str, site: str, master_pid: int):
		host = urlsplit(base_url).hostname
		if host != "127.0.0.1":
			raise ValueError(f"the benchmark only sends load to 127.0.0.1, not {host}")
		self.base_url = base_url.rstrip("/")
		self.site = site
		self.master = psutil.Process(master_pid)
		self.peak_worker_mb = 0.0
		self._sampling = threading.Event()

	def session(self) -> requests.Session:
		session = requests.Session()
		session.headers["X-Frappe-Site-Name"] = self.site
		session.trust_env = False  # never through a proxy
		return session

	def url(self, path: str) -> str:
		return f"{self.base_url}{path}"

	def login(self, user: str, password: str) -> requests.Session:
		session = self.session()
		response = session.post(self.url("/api/method/login"), data={"usr": user, "pwd": password})
		response.raise_for_status()
		return session

	def worker_memory_mb(self) -> list[float]:
		workers = self.master.children()
		return [worker.memory_info().rss / 1024 / 1024 for worker in workers]

	def sample_memory(self, every: float = 0.5) -> threading.Thread:
		"""Keep the largest worker's resident memory seen until `stop_sampling`."""

		def sample():
			while not self._sampling.wait(every):
				try:
					self.peak_worker_mb = max([self.peak_worker_mb, *self.worker_memory_mb()])
				except psutil.Error:
					continue

		thread = threading.Thread(target=sample, daemon=True)
		thread.start()
		return thread

	def stop_sampling(self) -> None:
		self._sampling.set()


Request = Callable[[requests.Session, int], requests.Response]


def run_phase(
	server: Server,
	name: str,
	send: Request,
	*,
	clients: int,
	seconds: float,
	warmup: int = 2,
	accepted: Callable[[requests.Response], bool] | None = None,
	sessions: list[requests.Session] | None = None,
) -> Phase:
	"""`clients` clients call `send(session, n)` back to back for `seconds` seconds.

	`send` gets the client's session and a counter unique in the phase (to vary the payload);
	`accepted` says whether an answer counts as done (default: a 2xx).
	"""
	phase = Phase(name)
	accepted = accepted or (lambda response: 200 <= response.status_code < 300)
	lock = threading.Lock()
	counter = iter(range(10**9))
	sessions = sessions or [server.session() for _ in range(clients)]
	state = {"began": 0.0, "deadline": 0.0}

	def set_clock():  # run once, when every client is warm, before any is released
		state["began"] = time.perf_counter()
		state["deadline"] = state["began"] + seconds

	start = threading.Barrier(clients + 1, action=set_clock)

	def one(session) -> tuple[float, int, bool]:
		with lock:
			n = next(counter)
		began = time.perf_counter()
		try:
			response = send(session, n)
		except requests.RequestException:
			return (time.perf_counter() - began) * 1000, 0, False
		return (time.perf_counter() - began) * 1000, response.status_code, accepted(response)

	def client(index: int):
		session = sessions[index % len(sessions)]
		for _ in range(warmup):
			_latency, _status, done = one(session)
			with lock:
				phase.warmup_accepted += done
		start.wait()
		while time.perf_counter() < state["deadline"]:
			latency, status, done = one(session)
			with lock:
				phase.latencies_ms.append(latency)
				phase.statuses[status] += 1
				phase.accepted += done

	threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
	for thread in threads:
		thread.start()
	start.wait()
	for thread in threads:
		thread.join(seconds + REQUEST_TIMEOUT + 5)
	phase.seconds = time.perf_counter() - state["began"]
	return phase
