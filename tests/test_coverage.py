"""Rule coverage: every rule ID is shown on some page and tested by some test.

"Shown" comes from the Sphinx environment of the session's build (the extension records which rules
each page renders; the rule register itself does not count). "Tested" means named in a test file or
case file, or used by an answer function while this session's other tests ran. The report of both
lists is written to _build/regeltackning.md.
"""
from __future__ import annotations

import pickle
import re
from pathlib import Path

import policy
from conftest import USED_DIR
from policy.rulebook import TOUCHED

TESTS = Path(__file__).parent
REPORT = TESTS.parent / "_build" / "regeltackning.md"


def cited(site: Path) -> set[str]:
    env = pickle.loads((site / ".doctrees" / "environment.pickle").read_bytes())
    return set().union(*env.policy_used.values())


def mentioned() -> set[str]:
    text = "\n".join(p.read_text(encoding="utf-8") for p in TESTS.rglob("*") if p.suffix in (".py", ".yaml"))
    return set(re.findall(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+", text))


def write_report(uncited: list[str], untested: list[str]) -> str:
    lines = ["# Regeltäckning", "", f"Regel-id som ingen sida visar ({len(uncited)}):", ""]
    lines += [f"- `{r}`" for r in uncited] or ["- inga"]
    lines += ["", f"Regel-id som inget test prövar ({len(untested)}):", ""]
    lines += [f"- `{r}`" for r in untested] or ["- inga"]
    text = "\n".join(lines) + "\n"
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(text, encoding="utf-8")
    return text


def workers_used() -> tuple[set[str], Path | None]:
    """After `make test`'s workers: the rules their tests used, and the site they built."""
    touched = set()
    for path in USED_DIR.glob("gw*.txt"):
        touched |= set(path.read_text(encoding="utf-8").split())
    recorded = USED_DIR / "site.txt"
    site = Path(recorded.read_text(encoding="utf-8")) if recorded.exists() else None
    return touched, site if site and (site / ".doctrees" / "environment.pickle").exists() else None


def test_every_rule_is_shown_on_a_page_and_tested_by_a_test(request):
    ids = set(policy.load().index)
    # In one run (pytest alone) this process ran the other tests; after make test's workers, they did.
    touched, site = (set(TOUCHED), None) if TOUCHED else workers_used()
    assert touched, "Regeltäckningen kräver att hela testsviten körs (make test), inte bara den här filen."
    site = site or request.getfixturevalue("site")
    uncited = sorted(ids - cited(site))
    untested = sorted(ids - mentioned() - touched)
    report = write_report(uncited, untested)
    assert not uncited and not untested, report
