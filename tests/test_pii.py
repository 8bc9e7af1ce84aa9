"""The scan for Swedish personal identity numbers (policy.pii and `policy pii-scan`).

Luhn check on the 10-digit form YYMMDDNNNC: the first nine digits are weighted 2, 1, 2, 1, …, the
digits of each product are added, and the check digit is (10 - sum mod 10) mod 10.

  121212-1212 (Skatteverket's well-known test number 19121212-1212):
    1·2=2  2·1=2  1·2=2  2·1=2  1·2=2  2·1=2  1·2=2  2·1=2  1·2=2  -> sum 18 -> (10-8) mod 10 = 2  ✓
  811218-9876:
    8·2=16→7  1·1=1  1·2=2  2·1=2  1·2=2  8·1=8  9·2=18→9  8·1=8  7·2=14→5 -> sum 44 -> 6  ✓
  701063-2391 (samordningsnummer: day 63 = 3 + 60, born 1970-10-03):
    7·2=14→5  0·1=0  1·2=2  0·1=0  6·2=12→3  3·1=3  2·2=4  3·1=3  9·2=18→9 -> sum 29 -> 1  ✓
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from policy import PolicyError
from policy.cli import main
from policy.pii import luhn_ok, scan_paths, scan_text

ROOT = Path(__file__).resolve().parents[1]

VALID = {
    "12 digits with '-'": ("19121212-1212", "19121212-****", "personnummer"),
    "12 digits without separator": ("191212121212", "19121212****", "personnummer"),
    "10 digits with '-'": ("121212-1212", "121212-****", "personnummer"),
    "10 digits without separator": ("1212121212", "121212****", "personnummer"),
    "10 digits with '+' (100 or older)": ("121212+1212", "121212+****", "personnummer"),
    "another personnummer": ("811218-9876", "811218-****", "personnummer"),
    "another, with century": ("19811218-9876", "19811218-****", "personnummer"),
    "samordningsnummer": ("701063-2391", "701063-****", "samordningsnummer"),
    "samordningsnummer with century": ("19701063-2391", "19701063-****", "samordningsnummer"),
    "samordningsnummer without separator": ("7010632391", "701063****", "samordningsnummer"),
}


@pytest.mark.parametrize(("number", "masked", "kind"), list(VALID.values()), ids=list(VALID))
def test_a_valid_number_is_found_and_masked(number, masked, kind):
    text = f"Patienten (pnr {number}) kallades till mötet."
    [finding] = scan_text(text)
    assert (finding.number, finding.kind, finding.line) == (masked, kind, 1)
    assert number not in str(finding)


def test_the_luhn_check_of_the_worked_examples():
    assert luhn_ok("1212121212") and luhn_ok("8112189876") and luhn_ok("7010632391")
    assert not luhn_ok("1212121213")


def test_findings_carry_their_line_numbers():
    text = "rad ett\nrad två 19121212-1212\n\nrad fyra 811218-9876 och 701063-2391\n"
    assert [(f.line, f.number) for f in scan_text(text)] == [
        (2, "19121212-****"), (4, "811218-****"), (4, "701063-****")]


NOT_NUMBERS = {
    "wrong check digit": "19121212-1213",
    "wrong check digit, 10 digits": "1212121219",
    "invented number": "850101-1234",  # 8·2→7 5 0 1 0 1 1·2=2 2 3·2=6 -> 24 -> check 6, not 4
    "month 13": "121312-1212",
    "day 32": "121232-1212",
    "day 0": "121200-1212",
    "samordningsnummer day 92": "121292-1212",
    "samordningsnummer day 60": "121260-1212",
    "30 February": "19120230-1212",
    "a date": "2026-11-22",
    "a compact date": "20261122",
    "a date and time": "2026-11-22 12:12",
    "a 14-digit number": "19121212121299",
    "a 12-digit number inside a longer run": "0019121212121200",
    "an 11-digit run": "91212121212",
    "a 10-digit number right after a digit": "71212121212",
    "the cost centre": "Kostnadsställe 2760",
    "an amount": "1 125 kr",
    "an ansvarsenhet": "12345",
    # 991212-1218 is valid (9·2→9 9 2 2 2 2 2 2 2 -> 32 -> 8), but not born in 2099.
    "a born-in-the-future number with century": "20991212-1218",
}


@pytest.mark.parametrize("text", list(NOT_NUMBERS.values()), ids=list(NOT_NUMBERS))
def test_what_is_not_a_valid_number_passes(text):
    assert scan_text(f"Text: {text}.") == []


def test_29_february_counts_only_in_a_leap_year():
    # 000229-1235: 0 0 0 2 2·2=4 9 1·2=2 2 3·2=6 -> sum 25 -> check 5 ✓.
    # 000289-1232 (samordningsnummer, day 29 + 60): 0 0 0 2 8·2=16→7 9 2 2 6 -> sum 28 -> check 2 ✓.
    # Without century both may be 2000-02-29, which exists; with century 19 they are 1900-02-29,
    # which does not (1900 is no leap year).
    assert [f.number for f in scan_text("000229-1235")] == ["000229-****"]
    assert [(f.number, f.kind) for f in scan_text("000289-1232")] == [("000289-****", "samordningsnummer")]
    assert scan_text("19000229-1235") == []
    assert scan_text("19000289-1232") == []
    assert [f.number for f in scan_text("20000229-1235")] == ["20000229-****"]


def _plant(folder: Path) -> None:
    (folder / "sub").mkdir(parents=True)
    (folder / "sida.md").write_text("# Exempel\n\nPersonnummer 19121212-1212.\n", encoding="utf-8")
    (folder / "sub" / "steg.yaml").write_text("text: ok\nnummer: '811218-9876'\n", encoding="utf-8")
    notebook = {"cells": [{"cell_type": "code", "source": "print(x)",
                           "outputs": [{"output_type": "stream", "text": "701063-2391\n"}]}]}
    (folder / "exempel.ipynb").write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    for skipped in (".venv", "node_modules", ".git", "__pycache__"):
        (folder / skipped).mkdir()
        (folder / skipped / "x.py").write_text("N = '191212121212'\n", encoding="utf-8")
    (folder / "data.csv").write_text("191212121212\n", encoding="utf-8")  # not a scanned suffix


def test_scan_paths_reads_the_listed_suffixes_including_notebook_outputs_and_skips_tool_folders(tmp_path):
    _plant(tmp_path)
    lines = (tmp_path / "exempel.ipynb").read_text(encoding="utf-8").splitlines()
    output_line = next(i for i, line in enumerate(lines, 1) if "701063-2391" in line)
    found = {(f.path.relative_to(tmp_path).as_posix(), f.line, f.number) for f in scan_paths([tmp_path])}
    assert found == {("sida.md", 3, "19121212-****"), ("sub/steg.yaml", 2, "811218-****"),
                     ("exempel.ipynb", output_line, "701063-****")}


def test_scan_paths_takes_a_single_file(tmp_path):
    _plant(tmp_path)
    assert [f.number for f in scan_paths([tmp_path / "sida.md"])] == ["19121212-****"]


def test_scan_paths_refuses_a_path_that_does_not_exist_in_swedish(tmp_path):
    with pytest.raises(PolicyError, match="finns inte"):
        scan_paths([tmp_path / "saknas"])


# --- the command -----------------------------------------------------------------------------


def test_the_command_lists_the_findings_masked_and_exits_1(tmp_path, capsys):
    _plant(tmp_path)
    assert main(["pii-scan", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    lines = out.strip().splitlines()
    assert len(lines) == 3
    assert any(line.endswith("sida.md:3: personnummer 19121212-****") for line in lines)
    assert "1212-1212" not in out and "9876" not in out and "2391" not in out
    assert "hittades" in err and "Traceback" not in err


def test_the_command_exits_0_with_a_swedish_message_when_nothing_is_found(tmp_path, capsys):
    (tmp_path / "ren.md").write_text("Arvode 1 125 kr, kostnadsställe 2760, 2026-11-22.\n", encoding="utf-8")
    assert main(["pii-scan", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert "inga personnummer hittades" in out.lower()
    assert err == ""


def test_the_command_without_paths_scans_the_project_and_finds_nothing():
    done = subprocess.run([sys.executable, "-m", "policy", "pii-scan"], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "inga personnummer hittades" in done.stdout.lower()
    for folder in ("handbook", "notebooks", "policy"):
        assert folder in done.stdout


# --- the project itself ------------------------------------------------------------------------


def test_the_handbook_notebooks_package_and_built_site_hold_no_personal_identity_number(site):
    folders = [ROOT / "handbook", ROOT / "notebooks", ROOT / "src" / "policy", site]
    for folder in folders:
        assert folder.is_dir(), folder
    findings = scan_paths(folders)
    assert [str(f) for f in findings] == []
