"""Find Swedish personal identity numbers (personnummer and samordningsnummer) in text and files.

The handbook, its notebooks and the built site must never hold a real patient's number. A hit needs
a valid date part (for a samordningsnummer the day is the day of birth + 60, so 61–91) and a valid
Luhn check digit, computed on the 10-digit form (YYMMDDNNNC). Numbers are found with or without
century (YYYYMMDD or YYMMDD) and with '-', '+' or no separator. A number inside a longer run of
digits is not a hit: the match must neither follow nor precede a digit.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from collections.abc import Iterable

from .errors import PolicyError

SUFFIXES = {".md", ".py", ".yaml", ".yml", ".ipynb", ".html", ".txt", ".js", ".json"}
SKIP_DIRS = {".venv", "node_modules", ".git", "__pycache__"}
PACKAGE_DIR = Path(__file__).resolve().parent

NUMBER = re.compile(
    r"(?<!\d)"
    r"(?P<century>1[89]|20)?(?P<yy>\d{2})(?P<mm>\d{2})(?P<dd>\d{2})"
    r"(?P<sep>[-+]?)"
    r"(?P<serial>\d{3})(?P<check>\d)"
    r"(?!\d)"
)


@dataclass(frozen=True)
class Finding:
    path: Path | None
    line: int
    number: str  # masked: the date part as written, then the separator and ****
    kind: str  # "personnummer" or "samordningsnummer"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.path is not None else f"rad {self.line}"
        return f"{where}: {self.kind} {self.number}"


def luhn_ok(ten_digits: str) -> bool:
    """Luhn check of a 10-digit YYMMDDNNNC: weights 2, 1, 2, … on the first nine, digit sums added."""
    total = 0
    for i, ch in enumerate(ten_digits[:9]):
        product = int(ch) * (2 if i % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10 == int(ten_digits[9])


def _valid_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def classify(match: re.Match) -> str | None:
    """'personnummer', 'samordningsnummer' or None when the date part or the check digit is wrong."""
    yy, mm, dd = int(match["yy"]), int(match["mm"]), int(match["dd"])
    kind = "personnummer"
    if 61 <= dd <= 91:
        kind, dd = "samordningsnummer", dd - 60
    if match["century"]:
        years = [int(match["century"]) * 100 + yy]
    else:
        # Without century the year is 19YY or 20YY ('+' marks someone 100 or older: 18YY or 19YY).
        years = [1800 + yy, 1900 + yy] if match["sep"] == "+" else [1900 + yy, 2000 + yy]
    if not any(_valid_date(y, mm, dd) for y in years):
        return None
    if match["century"] and date(years[0], mm, dd) > date.today():
        return None  # nobody is born in the future
    ten = f"{match['yy']}{match['mm']}{match['dd']}{match['serial']}{match['check']}"
    return kind if luhn_ok(ten) else None


def mask(match: re.Match) -> str:
    return f"{match['century'] or ''}{match['yy']}{match['mm']}{match['dd']}{match['sep']}****"


def scan_text(text: str, path: Path | None = None) -> list[Finding]:
    """Every valid personnummer or samordningsnummer in `text`, with its line number (from 1)."""
    findings = []
    for match in NUMBER.finditer(text):
        kind = classify(match)
        if kind:
            line = text.count("\n", 0, match.start()) + 1
            findings.append(Finding(path=path, line=line, number=mask(match), kind=kind))
    return findings


def files_under(paths: Iterable[Path | str]) -> list[Path]:
    """The files to scan: a named file as it is; under a folder, files with a scanned suffix."""
    out: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_file():
            out.append(path)
        elif path.is_dir():
            found = []
            for folder, dirs, names in os.walk(path):
                dirs[:] = [d for d in dirs if d not in SKIP_DIRS]  # do not descend into them
                found += [Path(folder) / n for n in names if Path(n).suffix.lower() in SUFFIXES]
            out += sorted(found)
        else:
            raise PolicyError(f"Sökvägen ”{given}” finns inte. Ange befintliga filer eller mappar att granska.")
    return out


def scan_paths(paths: Iterable[Path | str]) -> list[Finding]:
    """Scan files and folders (recursively, skipping .venv, node_modules, .git and __pycache__)."""
    findings = []
    for path in files_under(paths):
        text = path.read_text(encoding="utf-8", errors="replace")
        findings += scan_text(text, path)
    return findings


def default_paths() -> list[Path]:
    """handbook/, notebooks/, src/policy/ and the built site _build/html/ if it exists."""
    root = next((c for c in (Path.cwd(), PACKAGE_DIR.parents[1]) if (c / "handbook").is_dir()), None)
    if root is None:
        raise PolicyError("Hittar inte handbokens mappar (handbook/, notebooks/). Kör kommandot i "
                          "projektets rotmapp eller ange vilka sökvägar som ska granskas.")
    candidates = [root / "handbook", root / "notebooks", PACKAGE_DIR, root / "_build" / "html"]
    return [p for p in candidates if p.is_dir()]


def report(paths: list[str] | None = None) -> tuple[bool, str]:
    """(found, text) for the command line: one finding per line, or a message that none were found."""
    targets = [Path(p) for p in paths] if paths else default_paths()
    files = files_under(targets)
    findings = scan_paths(files)
    if findings:
        return True, "\n".join(str(f) for f in findings)
    shown = ", ".join(str(p) for p in targets)
    return False, f"inga personnummer hittades ({len(files)} filer granskade i {shown})."
