"""`python -m policy.committee.test_summary RESULT.xml [MORE.xml …]`: what failed in `make test`, in a few Swedish
lines for the pull request's report comment, sorted by who can act on it: the committee's own test
cases first, then the data checks and the worked examples, then the developers' tests."""
from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

# Test file -> what it checks, as a committee member reads it; the rest are the developers' tests.
KINDS = {
    "tests/test_scenarios.py": "Testfall i tests/features (svensk Gherkin)",
    "tests/test_cases.py": "Rutinernas testfall i tests/cases",
    "tests/test_schema.py": "Datafilernas form (schema)",
    "tests/test_live.py": "Bygget av handboken med era regler",
    "notebooks/": "Räkneexemplen (kör make notebooks och lägg till resultatet)",
}
DEVELOPERS = "Utvecklarnas tester (säg till handbokens förvaltare; de påverkas inte av regeländringar)"


def _kind(classname: str, file: str) -> str:
    where = file or classname.replace(".", "/") + ".py"
    return next((label for prefix, label in KINDS.items() if where.startswith(prefix)), DEVELOPERS)


def summary(*paths: Path) -> str:
    """One report of every result file (make test writes the suite's and the rule coverage's)."""
    found = [p for p in paths if p.exists()]
    if not found:
        return "**Testerna kördes inte** (ingen resultatfil); se körningens logg."
    cases = [case for p in found for case in ET.parse(p).getroot().iter("testcase")]
    failed: dict[str, list[str]] = {}
    for case in cases:
        problem = case.find("failure")
        if problem is None:
            problem = case.find("error")
        if problem is None:
            continue
        first = (problem.get("message") or problem.text or "").strip().splitlines()
        reason = first[0][:200] if first else "okänt fel"
        failed.setdefault(_kind(case.get("classname", ""), case.get("file", "")), []).append(
            f"`{case.get('name')}`: {reason}")
    if not failed:
        return f"**Alla {len(cases)} tester gick igenom.**"
    total = sum(len(v) for v in failed.values())
    lines = [f"**{total} av {len(cases)} tester gick inte igenom.**", ""]
    for kind in [*KINDS.values(), DEVELOPERS]:
        items = failed.get(kind, [])
        if not items:
            continue
        lines.append(f"- {kind}: {len(items)}")
        lines += [f"  - {item}" for item in items[:5]]
        if len(items) > 5:
            lines.append(f"  - … och {len(items) - 5} till")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    print(summary(*(Path(a) for a in (args or ["_build/testresultat.xml"]))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
