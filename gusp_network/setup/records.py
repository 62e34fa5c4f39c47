"""Read the records the app creates at install, described as data in `setup/data/`."""

import json
from pathlib import Path

DATA = Path(__file__).parent / "data"


def read_json(*parts: str) -> dict:
	data = json.loads(DATA.joinpath(*parts).read_text(encoding="utf-8"))
	data.pop("_comment", None)
	return data


def read_folder(folder: str) -> list[dict]:
	"""Every JSON file of a folder of `setup/data/`, in name order."""
	return [read_json(folder, path.name) for path in sorted((DATA / folder).glob("*.json"))]


def read_text(*parts: str) -> str:
	return DATA.joinpath(*parts).read_text(encoding="utf-8")
