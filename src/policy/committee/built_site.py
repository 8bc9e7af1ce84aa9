"""Whether a built handbook is the one `make html` would build now, so the pull request's report can
use the pages the tests already built instead of building them again.

The tests' build of the committee's handbook (tests/test_live.py) is stamped with what it was built
from: every file the build reads (conf.py, handbook/, notebooks/, src/, and the files that fix the
tools' versions, as git lists them, changes not yet committed included), the day it shows and the
edition its pages name. `make pr-report` uses those pages when the stamp
still holds, and builds its own otherwise.

    python -m policy.committee.built_site MAPP   (exit 0: the pages can be used; 1: they cannot, and why)
"""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

# What the build reads, and what decides which versions of its tools are installed.
READ_BY_THE_BUILD = ["conf.py", "handbook", "notebooks", "src", "pyproject.toml", "requirements.lock"]
STAMP = ".byggd-av-testerna.json"


def sources_hash(repo: Path) -> str | None:
    """A hash of every file the build reads, as they are now; None outside a git repository."""
    listed = subprocess.run(["git", "-C", str(repo), "ls-files", "-z", "--cached", "--others", "--exclude-standard",
                             "--", *READ_BY_THE_BUILD], capture_output=True)
    if listed.returncode != 0:
        return None
    digest = hashlib.sha256()
    for name in sorted(set(listed.stdout.decode("utf-8").split("\0")) - {""}):
        path = repo / name
        if path.is_file():
            digest.update(name.encode("utf-8") + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def stamp(site: Path, sources: str | None, shown: date, edition: str) -> None:
    """Record what the pages were built from: `sources` (taken before the build read them), the day
    they show and the edition (package version and commit) on every page."""
    (site / STAMP).write_text(json.dumps({"sources": sources, "day": shown.isoformat(), "edition": edition}),
                              encoding="utf-8")


def why_not(site: Path, repo: Path, today: date) -> str | None:
    """None when the pages can be used, else why not (one Swedish line)."""
    from ..sphinxext import edition

    path = site / STAMP
    if not path.is_file():
        return f"{site} är inte byggd av testerna."
    try:
        recorded = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return f"Stämpeln i {site} går inte att läsa."
    if recorded.get("day") != today.isoformat():
        return f"Sidorna i {site} visar {recorded.get('day')}, inte i dag."
    if recorded.get("sources") is None or recorded["sources"] != sources_hash(repo):
        return f"Sidorna i {site} byggdes från andra filer än dem som finns nu."
    if recorded.get("edition") != edition(repo):
        return f"Sidorna i {site} är utgåva {recorded.get('edition')}, inte {edition(repo)}."
    return None


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 1:
        print("användning: python -m policy.committee.built_site MAPP", file=sys.stderr)
        return 2
    reason = why_not(Path(args[0]), Path.cwd(), date.today())
    print(reason or f"Använder sidorna som testerna byggde ({args[0]}).")
    return 1 if reason else 0


if __name__ == "__main__":
    raise SystemExit(main())
