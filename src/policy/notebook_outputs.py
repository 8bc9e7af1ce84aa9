"""Run the worked-example notebooks against a given copy of the rules, and collect their outputs."""
from __future__ import annotations

import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def _text(output) -> str:
    if output.get("output_type") == "stream":
        return output.get("text", "")
    data = output.get("data", {})
    return data.get("text/markdown") or data.get("text/plain") or ""


def run(notebooks: Path, src: Path) -> dict[str, str]:
    """Execute each notebook with `src` first on the import path; key: 'name, cell N'."""
    out: dict[str, str] = {}
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = str(src) + (os.pathsep + old if old else "")
    try:
        for path in sorted(notebooks.glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
            for i, cell in enumerate(nb.cells):
                if cell.cell_type == "code":
                    text = "".join(_text(o) for o in cell.get("outputs", []))
                    if text.strip():
                        out[f"{path.stem}, cell {i + 1}"] = text.strip()
    finally:
        if old is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = old
    return out
