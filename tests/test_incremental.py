"""An incremental build after a data change writes exactly what a clean build writes.

One copy of the project is built, then changed step by step and built again in place after each
change; after each step a clean build of the same state (once per state: a step may return to an
earlier one) goes to a fresh folder, and every HTML page, the search index and the routines' own
search indexes must be the same. The steps are the structural changes, which
re-read every page that lists a collection: a new dated period from a new source together with a new
rule, a new routine with its own document, and a routine removed. Notebooks are not executed here
(their stored outputs are used by both builds alike). The committee's usual change, a value with its
change entry, re-reads only the pages that read either: test_stale.py, with the notebooks run.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from gitrepo import end_and_add_fee_period
from sitebuild import build, copy_project, errors_of

FIXTURES = Path(__file__).parent / "fixtures" / "ny-rutin"
NO_NOTEBOOKS = ["-D", "nb_execution_mode=off"]


def _outputs(out: Path) -> dict[str, bytes]:
    files = [p for p in out.rglob("*") if p.suffix == ".html" or p.name == "searchindex.js"
             or (p.suffix == ".json" and p.parent.name == "sok")]  # the routines' own search indexes
    return {str(p.relative_to(out)): _normal(p) for p in files if ".doctrees" not in p.parts}


def _normal(path: Path) -> bytes:
    """A page byte for byte; the search index by content, since an incremental build lists the same
    entries in another order (the pages' names, not their positions, are compared)."""
    if path.name != "searchindex.js":
        return path.read_bytes()
    text = path.read_text(encoding="utf-8")
    data = json.loads(text[text.index("(") + 1:text.rindex(")")])
    names = data["docnames"]

    def named(value):
        if isinstance(value, int):
            return names[value]
        if isinstance(value, list):
            return sorted((named(v) if isinstance(v, int) else json.dumps(
                [names[v[0]], *v[1:]] if isinstance(v, list) and v and isinstance(v[0], int) else v))
                          for v in value)
        return value

    canon = {key: ({k: named(v) for k, v in sorted(value.items())} if key in
                   ("terms", "titleterms", "alltitles", "indexentries") else value)
             for key, value in data.items()}
    return json.dumps(canon, sort_keys=True, ensure_ascii=False).encode("utf-8")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is no longer in {path.name}: update the test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def new_value_period_and_entry(project: Path) -> None:
    """The fee's first hour ends 2026-12-31 and a new amount from a new source starts 2027-01-01."""
    data = project / "src" / "policy"
    _edit(data / "rules" / "kallor.yaml", "sources:\n", """sources:
  - id: fk-arvode-2027
    title: Nytt arvode från 2027 (påhittad källa för testet)
    organisation: Försäkringskassan
    kind: webbsida
    scope: nationell
    valid_from: 2027-01-01
    checked: 2026-11-22
    dating: Påhittad.
""")
    end_and_add_fee_period(data, 750, 800, source="fk-arvode-2027")
    (data / "changelog" / "2026-12-01-arvode-2027.yaml").write_text(
        "date: 2026-12-01\ntitle: Högre arvode från 2027\ndescription: Första timmen blir 800 kr.\n"
        "rules: [arvode.forsta-timmen]\n", encoding="utf-8")


def new_rule(project: Path) -> None:
    """A rule added (a new code); the decision of what to read again is tested without a build in
    test_rebuild_decision.py, for each kind of change alone."""
    _edit(project / "src" / "policy" / "rules" / "koder.yaml", "rules:\n", """rules:
  - id: kod.testkod
    title: En påhittad kod för testet
    unit: kod
    periods:
      - value: TEST1
        sources: [{source: "001", section: Tillvägagångssätt}]
""")


def new_routine(project: Path) -> None:
    shutil.copytree(FIXTURES / "exempelland", project / "src" / "policy" / "routines" / "exempelland")


def routine_removed(project: Path) -> None:
    shutil.rmtree(project / "src" / "policy" / "routines" / "exempelland")


def new_period_and_rule(project: Path) -> None:
    """Two structural changes in one build (each alone takes the same path, see new_rule)."""
    new_value_period_and_entry(project)
    new_rule(project)


def values_only(project: Path) -> None:
    """The committee's usual change, several at once (only values in rules/*.yaml, and the change
    entry): numbers that pages show as marks filled in as they are written (today's first-hour fee, the
    one decided for 2027, the first period's length, which also reshapes the fee tables), a code (its
    search entries are made as the page is read) and a text (read as the page is read), with one
    rule's title changed and a new amount decided for it from 2027-04-01 (its frame: the pages that
    show it are read again, for the note of the coming amount beside it)."""
    rules = project / "src" / "policy" / "rules"
    _edit(rules / "arvode.yaml", "      - value: 750\n", "      - value: 760\n")
    _edit(rules / "arvode.yaml", "      - value: 800\n", "      - value: 820\n")
    _edit(rules / "arvode.yaml", "      - value: 60\n", "      - value: 45\n")
    _edit(rules / "arvode.yaml", "value: Arvode betalas för den tid läkaren själv deltar i avstämningsmötet.",
          "value: Arvode betalas bara för den tid läkaren själv deltar i avstämningsmötet.")
    _edit(rules / "arvode.yaml", "title: Högsta arvode för varje påbörjad halvtimme efter den första timmen",
          "title: Högsta arvode per påbörjad halvtimme efter den första timmen")
    _edit(rules / "arvode.yaml", "      - value: 375\n", "      - value: 375\n        valid_to: 2027-03-31\n")
    _edit(rules / "arvode.yaml", "  - id: arvode.halvtimme\n", "      - value: 400\n        valid_from: 2027-04-01\n"
          "        sources: [{source: \"000\", section: Arvode}]\n  - id: arvode.halvtimme\n")
    _edit(rules / "koder.yaml", "      - value: XS013\n", "      - value: XS014\n")
    (project / "src" / "policy" / "changelog" / "2026-12-02-varden.yaml").write_text(
        "date: 2026-12-02\ntitle: Nya värden\ndescription: Flera värden ändrade.\n"
        "rules: [arvode.forsta-timmen, arvode.forsta-perioden, arvode.villkor, kod.kva-avstamningsmote]\n",
        encoding="utf-8")


STEPS = [new_period_and_rule, new_routine, routine_removed, values_only]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("inkrementell") / "projekt")
    # A value in a heading: it goes into the page's title and the navigation as the page is read.
    (root / "handbook" / "rubrik.md").write_text(
        "---\norphan: true\n---\n\n# Högst {val}`arvode.forsta-timmen` för första timmen\n\nEn rad.\n", encoding="utf-8")
    out = root.parent / "inkrementell-html"
    result = build(root, out, root / "src", extra=NO_NOTEBOOKS)
    assert result.returncode == 0, errors_of(result)
    return root, out


# Removing the routine new_routine added brings the data back to the state after
# new_period_and_rule: that state's clean build is the reference, not built a second time.
SAME_STATE_AS = {"routine_removed": "new_period_and_rule"}
CLEAN: dict[str, dict[str, bytes]] = {}


@pytest.mark.parametrize("step", STEPS, ids=[s.__name__ for s in STEPS])
def test_an_incremental_build_after_the_change_equals_a_clean_build(project, step, tmp_path):
    root, incremental = project
    step(root)
    result = build(root, incremental, root / "src", extra=NO_NOTEBOOKS)
    assert result.returncode == 0, errors_of(result)
    clean, state = tmp_path / "ren", SAME_STATE_AS.get(step.__name__, step.__name__)
    if state not in CLEAN:
        result = build(root, clean, root / "src", extra=NO_NOTEBOOKS)
        assert result.returncode == 0, errors_of(result)
        CLEAN[state] = _outputs(clean)
    got, expected = _outputs(incremental), CLEAN[state]
    assert sorted(got) == sorted(expected)
    stale = sorted(name for name in expected if got[name] != expected[name])
    assert stale == []
    if step is new_period_and_rule:
        # Built for 2026-12-02: today's value, with the decided change beside it, and the change listed.
        fee_page = (clean / "handbook" / "howto" / "fakturera.html").read_text(encoding="utf-8")
        assert "750\u00a0kr</span><span class=\"policy-coming\"> (från 2027-01-01: 800\u00a0kr)</span>" in fee_page
        coming = (clean / "handbook" / "reference" / "kommande.html").read_text(encoding="utf-8")
        assert "2027-01-01" in coming and "Blir 800\u00a0kr" in coming and "Försäkringskassan" in coming
    if step is values_only:  # each change shows, so the comparison above compared something
        fee_page = (clean / "handbook" / "howto" / "fakturera.html").read_text(encoding="utf-8")
        assert "760\u00a0kr</span><span class=\"policy-coming\"> (från 2027-01-01: 820\u00a0kr)</span>" in fee_page
        assert "Blir 820\u00a0kr" in (clean / "handbook" / "reference" / "kommande.html").read_text(encoding="utf-8")
        start = (clean / "handbook" / "index.html").read_text(encoding="utf-8")
        assert "375\u00a0kr</span><span class=\"policy-coming\"> (från 2027-04-01: 400\u00a0kr)</span>" in start
        table = (clean / "handbook" / "reference" / "arvode.html").read_text(encoding="utf-8")
        assert "<p>46–75</p></td>" in table and "<p>61–90</p></td>" not in table
        register = (clean / "handbook" / "reference" / "regler.html").read_text(encoding="utf-8")
        assert "Högsta arvode per påbörjad halvtimme" in register and "Arvode betalas bara för" in register
        assert "xs014" in (clean / "searchindex.js").read_text(encoding="utf-8")
        heading = (clean / "handbook" / "rubrik.html").read_text(encoding="utf-8")
        assert "<title>Högst 760 kr (från 2027-01-01: 820 kr) för första timmen" in heading
        assert 'href="#hogst-760-kr-fran-2027-01-01-820-kr-for-forsta-timmen"' in heading
