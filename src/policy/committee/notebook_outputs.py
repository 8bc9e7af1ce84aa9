"""Run the worked-example notebooks against a given copy of the rules, and collect their outputs."""
from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from ..errors import PolicyError
from .kernel import quiet_kernels

quiet_kernels()


def _text(output) -> str:
    if output.get("output_type") == "stream":
        return output.get("text", "")
    data = output.get("data", {})
    return data.get("text/markdown") or data.get("text/plain") or ""


def _plain(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", str(text)).strip().splitlines()[0] if str(text).strip() else ""


def run(notebooks: Path, src: Path) -> dict[str, str]:
    """Execute each notebook with `src` first on the import path and its own rule data; key: 'name, cell N'."""
    out: dict[str, str] = {}
    old, old_data = os.environ.get("PYTHONPATH"), os.environ.get("POLICY_DATA")
    os.environ["PYTHONPATH"] = str(src) + (os.pathsep + old if old else "")
    os.environ["POLICY_DATA"] = str(src / "policy")
    try:
        for path in sorted(notebooks.glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            try:
                NotebookClient(nb, timeout=120, kernel_name="python3",
                               resources={"metadata": {"path": str(path.parent)}}).execute()
            except CellExecutionError as exc:
                # One Swedish line for the committee, not the kernel's coloured traceback.
                raise PolicyError(f"Räkneexemplet {path.name} kan inte köras med de här reglerna: "
                                  f"{exc.ename}: {_plain(exc.evalue)}") from None
            for i, cell in enumerate(nb.cells):
                if cell.cell_type == "code":
                    text = "".join(_text(o) for o in cell.get("outputs", []))
                    if text.strip():
                        out[f"{path.stem}, cell {i + 1}"] = text.strip()
    finally:
        for name, value in (("PYTHONPATH", old), ("POLICY_DATA", old_data)):
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return out


def refresh(path: Path) -> None:
    """Execute one notebook in place and store its outputs without anything that changes from run to
    run (timings, kernel versions), so a rule change shows up in the diff as changed results only."""
    nb = nbformat.read(path, as_version=4)
    metadata = dict(nb.metadata)
    try:
        NotebookClient(nb, timeout=120, kernel_name="python3", record_timing=False,
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    except CellExecutionError as exc:
        raise PolicyError(f"Räkneexemplet {path.name} kan inte köras med de här reglerna: "
                          f"{exc.ename}: {_plain(exc.evalue)}") from None
    nb.metadata = nbformat.from_dict(metadata)
    count = 0
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            count += 1
            cell.execution_count = count
            for output in cell.outputs:
                if "execution_count" in output:
                    output["execution_count"] = count
    nbformat.write(nb, path)


def main(argv: list[str] | None = None) -> int:
    import sys

    paths = [Path(a) for a in (argv if argv is not None else sys.argv[1:])] or sorted(Path("notebooks").glob("*.ipynb"))
    for path in paths:
        try:
            refresh(path)
        except PolicyError as exc:
            print(f"policy: fel: {exc}", file=sys.stderr)
            return 2
        print(f"Körde om {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
