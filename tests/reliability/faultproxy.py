"""A TCP proxy that can play a server restart, for the fault tests.

The tests run as the bench user, who may not restart the real MariaDB or Redis. A dedicated
gunicorn reaches them through this proxy instead (`FRAPPE_DB_PORT`, `FRAPPE_REDIS_CACHE`…), and
`outage(seconds)` shows it what a restart shows a client:

- every open connection is reset (a TCP RST on both sides: the server rolls back what the
  connection had not committed; the client's next read or write fails: MariaDB's 2013 / 2006,
  Redis's ConnectionError);
- new connections are refused (the port is closed: MariaDB's 2003, Redis's "Connection refused")
  until the outage is over, then accepted again on the same port.

`outage_on(pattern, seconds)` starts the outage at a chosen moment instead: when a client sends
bytes matching the pattern (e.g. the INSERT of a File), before the server receives them.

One thread runs everything (non-blocking sockets and `select`), so an outage resets each connection
at once, whatever it was doing; `close()` stops it.
"""

import contextlib
import re
import select
import socket
import struct
import threading
import time

BUFFER = 65536
TICK = 0.05  # seconds between two looks at the commands when nothing happens


class FaultProxy:
	def __init__(self, target_host: str, target_port: int, listen_host: str = "127.0.0.1"):
		self.target = (target_host, target_port)
		self.listen_host = listen_host
		self.port = 0
		self.outages = 0
		self.accepted = 0
		self._listener: socket.socket | None = None
		self._peer: dict[socket.socket, socket.socket] = {}  # each socket → the other end
		self._pending: dict[socket.socket, bytearray] = {}  # bytes waiting to be written to it
		self._lock = threading.Lock()
		self._outage_for: float | None = None  # an outage asked for, of this many seconds
		self._trigger: tuple[re.Pattern, float] | None = None
		self._clients: set[socket.socket] = set()
		self._up_at: float | None = None
		self._up = threading.Event()
		self._closed = threading.Event()
		self._open_listener()
		self._thread = threading.Thread(target=self._loop, name=f"faultproxy:{self.port}", daemon=True)
		self._thread.start()

	# ---------------------------------------------------------------- what a test calls

	def outage(self, seconds: float) -> None:
		"""The server goes away now: connections reset, new ones refused for `seconds`, then back.

		Returns once the connections are reset; `wait_until_up` waits for the end of the outage."""
		with self._lock:
			self._outage_for = seconds
			self._up.clear()
		deadline = time.monotonic() + 5
		while self._outage_for is not None and time.monotonic() < deadline:
			time.sleep(TICK / 5)

	def outage_on(self, pattern: bytes, seconds: float) -> None:
		"""The next time a client sends bytes matching `pattern` (a regular expression, any case),
		an outage of `seconds` begins, before the server has seen them."""
		with self._lock:
			self._trigger = (re.compile(pattern, re.I), seconds)

	@property
	def is_down(self) -> bool:
		return not self._up.is_set()

	def wait_until_up(self, timeout: float = 60) -> None:
		if not self._up.wait(timeout):
			raise TimeoutError(f"the proxy on port {self.port} did not come back within {timeout} s")

	def close(self) -> None:
		self._closed.set()
		self._thread.join(5)

	def __enter__(self):
		return self

	def __exit__(self, *exc):
		self.close()

	# ---------------------------------------------------------------- the loop

	def _loop(self) -> None:
		try:
			while not self._closed.is_set():
				self._obey()
				readers = [*self._peer]
				if self._listener is not None:
					readers.append(self._listener)
				writers = [sock for sock, data in self._pending.items() if data]
				try:
					readable, writable, _x = select.select(readers, writers, [], TICK)
				except (OSError, ValueError):
					continue
				for sock in readable:
					if sock is self._listener:
						self._accept()
					elif sock in self._peer:
						self._read(sock)
				for sock in writable:
					if sock in self._pending:
						self._write(sock)
		finally:
			self._close_listener()
			for sock in [*self._peer]:
				reset(sock)
			self._peer.clear()
			self._pending.clear()

	def _obey(self) -> None:
		with self._lock:
			seconds, self._outage_for = self._outage_for, None
		if seconds is not None:
			self._close_listener()
			for sock in [*self._peer]:
				reset(sock)
			self._peer.clear()
			self._pending.clear()
			self._clients.clear()
			self.outages += 1
			self._up_at = time.monotonic() + seconds
		if self._up_at is not None and time.monotonic() >= self._up_at:
			with contextlib.suppress(OSError):  # the port is busy: try again at the next tick
				self._open_listener()
				self._up_at = None

	# ---------------------------------------------------------------- the listening socket

	def _open_listener(self) -> None:
		listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
		listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
		try:
			listener.bind((self.listen_host, self.port))  # the same port again: clients keep it
		except OSError:
			listener.close()
			raise
		listener.listen(128)
		listener.setblocking(False)
		self.port = listener.getsockname()[1]
		self._listener = listener
		self._up.set()

	def _close_listener(self) -> None:
		self._up.clear()
		if self._listener is not None:
			self._listener.close()
			self._listener = None

	# ---------------------------------------------------------------- connections

	def _accept(self) -> None:
		try:
			client, _address = self._listener.accept()
		except OSError:
			return
		try:
			server = socket.create_connection(self.target, timeout=5)
		except OSError:
			reset(client)
			return
		self.accepted += 1
		for sock in (client, server):
			sock.setblocking(False)
			sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
			self._pending[sock] = bytearray()
		self._peer[client], self._peer[server] = server, client
		self._clients.add(client)

	def _read(self, sock: socket.socket) -> None:
		try:
			data = sock.recv(BUFFER)
		except BlockingIOError:
			return
		except OSError:
			data = b""
		if data and sock in self._clients and self._triggered(data):
			return
		if data:
			self._pending[self._peer[sock]] += data
			self._write(self._peer[sock])
		else:
			self._drop(sock)

	def _triggered(self, data: bytes) -> bool:
		with self._lock:
			if not self._trigger or not self._trigger[0].search(data):
				return False
			_pattern, self._outage_for = self._trigger
			self._trigger = None
		self._obey()
		return True

	def _write(self, sock: socket.socket) -> None:
		data = self._pending[sock]
		try:
			sent = sock.send(data)
		except BlockingIOError:
			return
		except OSError:
			self._drop(sock)
			return
		del data[:sent]

	def _drop(self, sock: socket.socket) -> None:
		"""One end closed: close the other after writing what it was still owed."""
		other = self._peer.pop(sock, None)
		self._pending.pop(sock, None)
		self._clients.discard(sock)
		sock.close()
		if other is not None:
			self._peer.pop(other, None)
			rest = self._pending.pop(other, b"")
			with contextlib.suppress(OSError):
				other.setblocking(True)
				other.settimeout(1)
				other.sendall(rest)
			other.close()


def reset(sock: socket.socket) -> None:
	"""Close with a TCP reset (SO_LINGER 0), as the peer of a server that dies sees it."""
	with contextlib.suppress(OSError):
		sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
	with contextlib.suppress(OSError):
		sock.close()
