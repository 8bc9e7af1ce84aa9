"""What a committee member sees when `make html` meets a mistake: a short Swedish message naming the
file and what is wrong, never Sphinx's crash report or English."""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from sitebuild import build, copy_project

ENGLISH = ("Traceback", "Extension error", "Sphinx", "did not find", "expected", "report")


def _build(root: Path, tmp_path: Path):
    return build(root, tmp_path / "html", root / "src", extra=["-D", "nb_execution_mode=off"])


def test_a_broken_data_file_stops_the_build_with_one_swedish_line(tmp_path):
    root = copy_project(tmp_path / "projekt")
    path = root / "src" / "policy" / "rules" / "arvode.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  - id: arvode.moms\n", "  - id: arvode.moms\n   title: fel\n", 1),
                    encoding="utf-8")
    result = _build(root, tmp_path)
    assert result.returncode == 2
    message = result.stderr.strip()
    assert message.startswith("Handboken kan inte byggas. Fel i regelfilen src/policy/rules/arvode.yaml")
    assert "indrag" in message
    assert not any(word in message for word in ENGLISH), message
    assert len(message.splitlines()) == 1


@pytest.fixture(scope="module")
def three_mistakes(tmp_path_factory):
    """One build with three mistakes a change can bring (each is its own message): a misspelt rule ID
    on a page, an amount typed into a page, and a worked example that no longer runs on the rules.
    The examples run as when published."""
    tmp_path = tmp_path_factory.mktemp("tre-fel")
    root = copy_project(tmp_path / "projekt")
    page = root / "handbook" / "howto" / "fakturera.md"
    text = page.read_text(encoding="utf-8").replace("{rule}`arvode.villkor`", "{rule}`arvode.vilkor`", 1)
    page.write_text(text + "\nArvodet är högst 750 kronor för första timmen.\n", encoding="utf-8")
    example = root / "notebooks" / "01_arvode.ipynb"
    notebook = nbformat.read(example, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(
        "from datetime import date\nfrom policy import load\nload().value('system.blankettbibliotek', date(1990, 1, 1))"))
    nbformat.write(notebook, example)
    first = build(root, tmp_path / "html", root / "src")
    # Built again as it stands, and without -W: the mistakes still fail the build (the example runs
    # again instead of its page being kept from the failed build).
    again = build(root, tmp_path / "html", root / "src", strict=False)
    return first, again


def test_an_unknown_rule_id_on_a_page_suggests_the_near_one(three_mistakes):
    first, _ = three_mistakes
    assert first.returncode != 0
    assert "Okänt regel-id ”arvode.vilkor”. Menade du ”arvode.villkor”?" in first.stderr


def test_an_amount_typed_into_a_page_stops_the_build_naming_the_rule(three_mistakes):
    first, _ = three_mistakes
    assert "”750 kronor” är skrivet direkt i texten men finns i regeln arvode.forsta-timmen" in first.stderr
    assert "handbook/howto/fakturera" in first.stderr


def test_a_worked_example_that_no_longer_runs_stops_the_build_with_one_swedish_line(three_mistakes):
    first, _ = three_mistakes
    lines = [line for line in first.stderr.splitlines() if "01_arvode" in line]
    assert len(lines) == 1, first.stderr
    assert "Räkneexemplet 01_arvode.ipynb kan inte köras med de här reglerna: OutsideValidity:" in lines[0]
    assert "1990-01-01" in lines[0]
    assert "Traceback" not in first.stderr and "\x1b[" not in first.stderr


def test_built_again_without_w_the_unknown_id_and_the_example_still_fail_the_build(three_mistakes):
    _, again = three_mistakes
    assert again.returncode == 1, again.stderr
    assert "Okända regel-id i handboken: arvode.vilkor (i handbook/howto/fakturera)" in again.stderr
    assert "Räkneexemplet 01_arvode.ipynb kan inte köras med de här reglerna: OutsideValidity:" in again.stderr
    assert "Traceback" not in again.stderr
