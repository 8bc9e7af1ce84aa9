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


def test_every_rule_is_shown_on_a_page_and_tested_by_a_test(site):
    ids = set(policy.load().index)
    assert TOUCHED, "Regeltäckningen kräver att hela testsviten körs (make test), inte bara den här filen."
    uncited = sorted(ids - cited(site))
    untested = sorted(ids - mentioned() - TOUCHED)
    report = write_report(uncited, untested)
    assert not uncited and not untested, report
