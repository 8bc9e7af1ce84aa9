"""The `policy` command through cli.main in-process, and a sample of it as `python -m policy` in a
subprocess, which must print and exit exactly the same.

Good input: JSON (Markdown for checklists) on stdout, exit 0. Bad input: exit 2, a Swedish message
on stderr, nothing on stdout and never a Python traceback.
"""
from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass

import pytest

from policy.cli import main

DATE = ["--date", "2026-12-01"]  # inside 000, 001 and 003
INVOICE = ["invoice", "--region", "varmland", "--doctor", "Dr Testa Exempelsson",
           "--unit", "Vårdcentralen Exempelby", "--minutes", "61", *DATE]


@dataclass
class Result:
    code: int
    out: str
    err: str


def run_subprocess(args: list[str]) -> Result:
    done = subprocess.run([sys.executable, "-m", "policy", *args], capture_output=True, text=True,
                          encoding="utf-8", timeout=60)
    return Result(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def policy_cmd(capsys):
    """Run the command through cli.main, as the installed `policy` does (the entry point itself is
    test_the_command_behaves_the_same_as_a_subprocess)."""

    def run_in_process(args: list[str]) -> Result:
        capsys.readouterr()  # drop anything printed before
        code = main(args)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run_in_process


def ok_json(result: Result):
    assert result.code == 0, result.err
    assert result.err == ""
    return json.loads(result.out)


# --- good input ---------------------------------------------------------------------------


def test_fee_for_61_minutes_prints_json_with_1125_kr(policy_cmd):
    # 000: 750 for the first hour + 375 for the begun half hour = 1 125.
    answer = ok_json(policy_cmd(["fee", "--minutes", "61", *DATE]))
    assert answer["minutes"] == 61
    assert answer["amount_sek"] == 1125
    assert isinstance(answer["rule_ids"], list) and "arvode.forsta-timmen" in answer["rule_ids"]
    assert isinstance(answer["sources"], list) and "000" in [s["id"] for s in answer["sources"]]
    assert answer["date"] == "2026-12-01"


def test_fee_accepts_the_minutes_with_surrounding_spaces(policy_cmd):
    assert ok_json(policy_cmd(["fee", "--minutes", " 91 ", *DATE]))["amount_sek"] == 1500


def test_consent_with_the_employer_prints_that_consent_must_cover_the_employer(policy_cmd):
    answer = ok_json(policy_cmd(["consent", "--with", "arbetsgivare", *DATE]))
    assert answer["consent_required"] is True
    assert answer["must_cover"] == ["arbetsgivare"]


def test_consent_with_only_forsakringskassan_prints_that_no_consent_is_required(policy_cmd):
    answer = ok_json(policy_cmd(["consent", "--with", "forsakringskassan", *DATE]))
    assert answer["consent_required"] is False


def test_consent_takes_several_actors_and_the_private_provider_flag(policy_cmd):
    answer = ok_json(policy_cmd(["consent", "--with", "forsakringskassan", "--with", "arbetsgivare",
                                 "--private-provider", *DATE]))
    assert sorted(answer["must_cover"]) == ["arbetsgivare", "forsakringskassan"]
    assert "samtycke.privat-vardgivare" in answer["rule_ids"]


def test_rehab_phase_for_day_181_prints_phase_3(policy_cmd):
    answer = ok_json(policy_cmd(["rehab-phase", "--day", "181", *DATE]))
    assert (answer["day"], answer["phase"]) == (181, 3)


def test_forms_prints_every_form_with_who_convenes_and_documents(policy_cmd):
    answer = ok_json(policy_cmd(["forms", *DATE]))
    assert isinstance(answer, list) and len(answer) == 6
    actor_slugs = {"patient", "forsakringskassan", "halso-och-sjukvarden", "arbetsgivare",
                   "arbetsformedlingen", "foretagshalsovard", "socialtjansten", "anhorig"}
    for form in answer:
        assert {"slug", "convened_by", "documented_by"} <= set(form)
        assert set(form["convened_by"]) <= actor_slugs, form["slug"]
        assert set(form["documented_by"]) <= actor_slugs, form["slug"]
    by_slug = {form["slug"]: form for form in answer}
    assert by_slug["avstamningsmote"]["convened_by"] == ["forsakringskassan"]
    assert by_slug["tidigt-flerpartsmote"]["convened_by"] == ["halso-och-sjukvarden"]


def test_invoice_prints_the_cost_centre_and_the_amount(policy_cmd):
    answer = ok_json(policy_cmd([*INVOICE, "--ansvarsenhet", "12345"]))
    assert answer["cost_center"] == "2760"
    assert answer["amount_sek"] == 1125


def test_checklist_prints_markdown_with_tick_boxes_under_the_three_headings(policy_cmd):
    result = policy_cmd(["checklist", "--form", "avstamningsmote", "--region", "varmland",
                         "--role", "administration", *DATE])
    assert result.code == 0, result.err
    assert result.err == ""
    assert "- [ ] " in result.out
    for heading in ("## Inför mötet", "## Under mötet", "## Efter mötet"):
        assert heading in result.out
    assert "2760" in result.out


def test_suggest_for_day_30_with_the_employer_prints_trepartsmote_and_tidigt_flerpartsmote(policy_cmd):
    answer = ok_json(policy_cmd(["suggest", "--sick-day", "30", "--with", "arbetsgivare", *DATE]))
    assert sorted(answer["suggest"]) == ["tidigt-flerpartsmote", "trepartsmote"]


def test_suggest_not_sick_listed_with_social_services_prints_a_sip(policy_cmd):
    answer = ok_json(policy_cmd(["suggest", "--not-sick-listed", "--social-services", *DATE]))
    assert "sip" in answer["suggest"]


# --- bad input ------------------------------------------------------------------------------

BAD = {
    "zero minutes": (["fee", "--minutes", "0", *DATE], "ska vara ett heltal"),
    "negative minutes": (["fee", "--minutes", "-5", *DATE], "ska vara ett heltal"),
    "minutes in words": (["fee", "--minutes", "sextio", *DATE], "inget heltal"),
    "minutes with decimals": (["fee", "--minutes", "60.5", *DATE], "inget heltal"),
    "unknown actor": (["consent", "--with", "grannen", *DATE], "Okänd aktör"),
    "patient as actor": (["consent", "--with", "patient", *DATE], "alltid med"),
    "unknown region": ([*INVOICE, "--ansvarsenhet", "12345", "--region", "gotland"], "Okänd rutin"),
    "region without invoice flow": ([*INVOICE, "--ansvarsenhet", "12345", "--region", "halland"],
                                    "fakturaflöde"),
    "ansvarsenhet of 4 digits": ([*INVOICE, "--ansvarsenhet", "1234"], "5 siffror"),
    "ansvarsenhet of 6 digits": ([*INVOICE, "--ansvarsenhet", "123456"], "5 siffror"),
    "ansvarsenhet with a letter": ([*INVOICE, "--ansvarsenhet", "12a45"], "5 siffror"),
    "empty doctor name": ([*INVOICE, "--ansvarsenhet", "12345", "--doctor", ""], "Läkarens namn"),
    "day 0": (["rehab-phase", "--day", "0", *DATE], "ska vara ett heltal"),
    "date before varmland": ([*INVOICE, "--ansvarsenhet", "12345", "--date", "2026-04-09"], "gäller inte"),
    "date after varmland": ([*INVOICE, "--ansvarsenhet", "12345", "--date", "2028-04-10"], "gäller inte"),
    "month 13": (["fee", "--minutes", "61", "--date", "2026-13-01"], "ogiltigt datum"),
    "date in words": (["fee", "--minutes", "61", "--date", "igår"], "ogiltigt datum"),
    "missing minutes": (["fee", *DATE], "saknas"),
    "no command": ([], "saknas"),
    "unknown command": (["arvode", "--minutes", "61"], "ogiltigt val"),
    "unknown option": (["fee", "--minutes", "61", "--timmar", "1", *DATE], "okända argument"),
    "sick day and not sick listed": (["suggest", "--sick-day", "3", "--not-sick-listed", *DATE],
                                     "får inte anges tillsammans"),
    "forsakringskassan as suggest actor": (["suggest", "--sick-day", "3", "--with", "forsakringskassan",
                                            *DATE], "anges inte som aktör"),
    "sip checklist in varmland": (["checklist", "--form", "sip", "--region", "varmland", "--role", "lakare",
                                   *DATE], "inga checklistpunkter"),
}


@pytest.mark.parametrize(("args", "swedish"), list(BAD.values()), ids=list(BAD))
def test_bad_input_exits_2_with_a_swedish_message_on_stderr_and_nothing_on_stdout(policy_cmd, args, swedish):
    result = policy_cmd(args)
    assert result.code == 2
    assert result.out == ""
    assert "Traceback" not in result.err
    assert result.err.startswith("policy: fel: ")
    assert swedish in result.err
    for english in ("usage:", "error:", "required", "invalid choice", "unrecognized"):
        assert english not in result.err  # argparse's own English must not reach the user


# --- the entry point ------------------------------------------------------------------------

# A sample of each kind of answer, not every case: each start of Python costs about half a second
# and the in-process runs above already cover the cases.
THROUGH_THE_ENTRY_POINT = {
    "JSON": ["fee", "--minutes", "61", *DATE],
    "Markdown": ["checklist", "--form", "avstamningsmote", "--region", "varmland", "--role", "lakare", *DATE],
    "a rule's own message": BAD["date after varmland"][0],
    "argparse: no command": BAD["no command"][0],
    "argparse: unknown option": BAD["unknown option"][0],
    "argparse: bad date": BAD["month 13"][0],
}


@pytest.mark.parametrize("args", list(THROUGH_THE_ENTRY_POINT.values()), ids=list(THROUGH_THE_ENTRY_POINT))
def test_the_command_behaves_the_same_as_a_subprocess(args, capsys):
    code = main(args)
    captured = capsys.readouterr()
    assert run_subprocess(args) == Result(code, captured.out, captured.err)
    assert "Traceback" not in captured.err
