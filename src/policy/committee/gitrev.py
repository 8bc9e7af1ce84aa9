"""Reading the rule data and notebooks as they were at a git revision."""
from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

from ..errors import PolicyError

PATHS = ("src/policy", "notebooks")


def repo_root(start: Path) -> Path:
    result = subprocess.run(["git", "-C", str(start), "rev-parse", "--show-toplevel"], capture_output=True, text=True)
    if result.returncode != 0:
        raise PolicyError("Kommandot måste köras i ett git-arkiv (en klon av handboken).")
    return Path(result.stdout.strip())


def verify(repo: Path, rev: str) -> None:
    check = subprocess.run(["git", "-C", str(repo), "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"],
                           capture_output=True, text=True)
    if check.returncode != 0:
        raise PolicyError(f"Okänd git-revision ”{rev}”. Ange en gren, en tagg eller en commit, till exempel main.")


def export(repo: Path, rev: str, dest: Path) -> Path:
    """Write src/policy and notebooks as of `rev` into `dest`; return dest."""
    verify(repo, rev)
    present = [p for p in PATHS if subprocess.run(["git", "-C", str(repo), "cat-file", "-e", f"{rev}:{p}"],
                                                  capture_output=True).returncode == 0]
    if "src/policy" not in present:
        raise PolicyError(f"Revisionen ”{rev}” har inga regelfiler (src/policy saknas).")
    archive = subprocess.run(["git", "-C", str(repo), "archive", "--format=tar", rev, *present], capture_output=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(dest, filter="data")
    return dest


def changed_files(repo: Path, base: str, head: str | None, under: tuple[str, ...], added_only: bool = False) -> list[str]:
    """Files under `under` that differ between base and head (head None: the working tree, untracked too);
    with `added_only`, only files that are new since base."""
    verify(repo, base)
    if head:
        verify(repo, head)
    args = (["git", "-C", str(repo), "diff", "--name-only"] + (["--diff-filter=A"] if added_only else [])
            + [base] + ([head] if head else []) + ["--", *under])
    names = set(subprocess.run(args, capture_output=True, text=True).stdout.split())
    if head is None:
        untracked = subprocess.run(["git", "-C", str(repo), "ls-files", "--others", "--exclude-standard", "--", *under],
                                   capture_output=True, text=True).stdout.split()
        names.update(untracked)
    return sorted(names)
