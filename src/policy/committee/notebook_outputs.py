"""Run the worked-example notebooks against a given copy of the rules, and collect their outputs."""
from __future__ import annotations

import os
from pathlib import Path

import nbformat

from ..errors import PolicyError
from ..notebook_run import run_all
from .kernel import quiet_kernels

quiet_kernels()


def _text(output) -> str:
    if output.get("output_type") == "stream":
        return output.get("text", "")
    data = output.get("data", {})
    return data.get("text/markdown") or data.get("text/plain") or ""


def run(notebooks: Path, src: Path) -> dict[str, str]:
    """Execute each notebook with `src` first on the import path and its own rule data; key: 'name, cell N'."""
    return run_sets([(notebooks, src)])[0]


def run_sets(sets: list[tuple[Path, Path]]) -> list[dict[str, str]]:
    """`run` for several (notebooks, src) pairs at once (a diff's two sides): every notebook of every
    pair side by side, each kernel with its pair's import path and data."""
    jobs, owner = [], []
    for number, (notebooks, src) in enumerate(sets):
        old = os.environ.get("PYTHONPATH")
        env = dict(os.environ, PYTHONPATH=str(src) + (os.pathsep + old if old else ""), POLICY_DATA=str(src / "policy"))
        for path in sorted(notebooks.glob("*.ipynb")):
            jobs.append((path, env))
            owner.append(number)
    results = run_all(jobs)
    failed = next((ran.error for ran in results if ran.error), None)
    if failed:
        raise PolicyError(failed)  # one Swedish line for the committee, not the kernel's traceback
    out: list[dict[str, str]] = [{} for _ in sets]
    for number, ran in zip(owner, results):
        collected = out[number]
        for i, cell in enumerate(ran.notebook.cells):
            if cell.cell_type == "code":
                text = "".join(_text(o) for o in cell.get("outputs", []))
                if text.strip():
                    collected[f"{ran.path.stem}, cell {i + 1}"] = text.strip()
    return out


def refresh(paths: list[Path]) -> None:
    """Execute the notebooks (side by side) and store their outputs in place without anything that
    changes from run to run (timings, kernel versions), so a rule change shows up in the diff as
    changed results only. The notebooks before a failing one are stored; it and those after are not."""
    for ran in run_all([(path, dict(os.environ)) for path in paths]):
        if ran.error:
            raise PolicyError(ran.error)
        nb = ran.notebook
        nb.metadata = nbformat.from_dict(dict(nbformat.read(ran.path, as_version=4).metadata))
        count = 0
        for cell in nb.cells:
            cell.metadata.pop("execution", None)
            if cell.cell_type == "code":
                count += 1
                cell.execution_count = count
                for output in cell.outputs:
                    if "execution_count" in output:
                        output["execution_count"] = count
        nbformat.write(nb, ran.path)
        print(f"Körde om {ran.path}")


def main(argv: list[str] | None = None) -> int:
    import sys

    paths = [Path(a) for a in (argv if argv is not None else sys.argv[1:])] or sorted(Path("notebooks").glob("*.ipynb"))
    try:
        refresh(paths)
    except PolicyError as exc:
        print(f"policy: fel: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
