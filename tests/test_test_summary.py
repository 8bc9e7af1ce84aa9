"""The Swedish summary of failed tests that the pull request's report carries."""
from __future__ import annotations

from pathlib import Path

from policy.committee.test_summary import main, summary

RESULT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" tests="5">
<testcase classname="tests.test_scenarios" name="test_högsta_arvode_för_ett_möte[2027-07-01-61-1150]">
  <failure message="assert 1125 == 1150">details</failure></testcase>
<testcase classname="tests.test_cases" name="test_each_routine_behaves_as_its_case_file_says[varmland]">
  <failure message="varmland/avstamningsmote/administration: ”elektroniskt” syns inte">x</failure></testcase>
<testcase classname="tests.test_fee" name="test_a_fee"><error message="boom">x</error></testcase>
<testcase classname="tests.test_fee" name="test_another"/>
<testcase classname="notebooks.01_arvode.ipynb" file="notebooks/01_arvode.ipynb" name="Cell 3">
  <failure message="output differs">x</failure></testcase>
</testsuite></testsuites>
"""


def test_failures_are_grouped_by_who_can_act_on_them_in_swedish(tmp_path):
    path = tmp_path / "r.xml"
    path.write_text(RESULT, encoding="utf-8")
    text = summary(path)
    lines = text.splitlines()
    assert lines[0] == "**4 av 5 tester gick inte igenom.**"
    heads = [line for line in lines if line.startswith("- ")]
    assert heads == ["- Testfall i tests/features (svensk Gherkin): 1", "- Rutinernas testfall i tests/cases: 1",
                     "- Räkneexemplen (kör make notebooks och lägg till resultatet): 1",
                     "- Utvecklarnas tester (säg till handbokens förvaltare; de påverkas inte av regeländringar): 1"]
    assert "assert 1125 == 1150" in text and "”elektroniskt” syns inte" in text


def test_all_passed_and_no_result_file_are_said_plainly(tmp_path, capsys):
    path = tmp_path / "ok.xml"
    path.write_text('<testsuites><testsuite><testcase classname="tests.test_fee" name="a"/>'
                    '<testcase classname="tests.test_fee" name="b"/></testsuite></testsuites>', encoding="utf-8")
    assert summary(path) == "**Alla 2 tester gick igenom.**"
    assert summary(tmp_path / "saknas.xml").startswith("**Testerna kördes inte**")
    assert main([str(Path(tmp_path / "saknas.xml"))]) == 0
    assert "Testerna kördes inte" in capsys.readouterr().out
