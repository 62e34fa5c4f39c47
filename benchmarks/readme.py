"""Put the latest benchmark table into the README, between its two markers.

`python benchmarks/readme.py README.md benchmarks/results/latest.md` (standard library only:
`./gusp bench` runs it with the system's Python, outside the bench).
"""

import sys
from pathlib import Path

START, END = "<!-- benchmark:start -->", "<!-- benchmark:end -->"


def main(readme: Path, table: Path) -> None:
	text = readme.read_text()
	if START not in text or END not in text:
		raise SystemExit(f"{readme} has no {START} … {END} block")
	head, rest = text.split(START, 1)
	_old, tail = rest.split(END, 1)
	readme.write_text(f"{head}{START}\n{table.read_text().strip()}\n{END}{tail}")


if __name__ == "__main__":
	main(Path(sys.argv[1]), Path(sys.argv[2]))
