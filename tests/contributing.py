"""CONTRIBUTING.md's examples as steps a test can perform: the guide is the test's script, so the
guide cannot drift from what works.

A fenced block is a step when its first line says what to do with it:
- ``# Ny fil: PATH``: write the rest of the block as the file PATH;
- ``# Ändra i PATH``: a change in diff form: lines starting with ``-`` are removed, ``+`` added, and
  lines starting with a space stand as they are and locate the change (it must match exactly once);
- a ``sh`` block of ``cp FROM TO`` lines: copy the file.
Other blocks are illustrations and are left alone.
"""
from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

GUIDE = Path(__file__).resolve().parents[1] / "CONTRIBUTING.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.S | re.M)


def example(heading: str, guide: Path = GUIDE) -> list[tuple[str, str]]:
    """The blocks (language, text) of the section whose `## ` heading starts with `heading`."""
    sections = re.split(r"^## ", guide.read_text(encoding="utf-8"), flags=re.M)
    found = [s for s in sections if s.startswith(heading)]
    assert len(found) == 1, f"CONTRIBUTING.md has no single section ”{heading}”"
    return [(m.group(1), m.group(2)) for m in FENCE.finditer(found[0])]


def apply(blocks: list[tuple[str, str]], root: Path) -> list[str]:
    """Perform the steps under `root`; returns the files written or changed, in order."""
    touched = []
    for lang, text in blocks:
        first, _, rest = text.partition("\n")
        if first.startswith("# Ny fil: "):
            path = root / first.removeprefix("# Ny fil: ").strip()
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(rest, encoding="utf-8")
            touched.append(str(path.relative_to(root)))
        elif first.startswith("# Ändra i "):
            path = root / first.removeprefix("# Ändra i ").strip()
            _patch(path, rest)
            touched.append(str(path.relative_to(root)))
        elif lang == "sh" and text.startswith("cp "):
            for line in text.splitlines():
                _, source, target = shlex.split(line)
                shutil.copy(root / source, root / target)
                touched.append(target)
    return touched


def _patch(path: Path, diff: str) -> None:
    lines = diff.rstrip("\n").split("\n")
    bad = [line for line in lines if line[:1] not in (" ", "-", "+")]
    assert not bad, f"{path.name}: lines that are neither kept, removed nor added: {bad}"
    old = "\n".join(line[1:] for line in lines if line[0] in " -") + "\n"
    new = "\n".join(line[1:] for line in lines if line[0] in " +") + "\n"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"the change in CONTRIBUTING.md does not match {path} exactly once:\n{old}"
    path.write_text(text.replace(old, new), encoding="utf-8")
