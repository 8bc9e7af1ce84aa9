"""What a committee member sees when `make html` meets a mistake: a short Swedish message naming the
file and what is wrong, never Sphinx's crash report or English."""
from __future__ import annotations

from pathlib import Path

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


def test_an_unknown_rule_id_on_a_page_suggests_the_near_one(tmp_path):
    root = copy_project(tmp_path / "projekt")
    page = root / "handbook" / "howto" / "fakturera.md"
    page.write_text(page.read_text(encoding="utf-8").replace("{rule}`arvode.villkor`", "{rule}`arvode.vilkor`", 1),
                    encoding="utf-8")
    result = _build(root, tmp_path)
    assert result.returncode != 0
    assert "Okänt regel-id ”arvode.vilkor”. Menade du ”arvode.villkor”?" in result.stderr


def test_an_amount_typed_into_a_page_stops_the_build_naming_the_rule(tmp_path):
    root = copy_project(tmp_path / "projekt")
    page = root / "handbook" / "howto" / "fakturera.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nArvodet är högst 750 kronor för första timmen.\n",
                    encoding="utf-8")
    result = _build(root, tmp_path)
    assert result.returncode != 0
    assert "”750 kronor” är skrivet direkt i texten men finns i regeln arvode.forsta-timmen" in result.stderr
    assert "handbook/howto/fakturera" in result.stderr
