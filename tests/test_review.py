"""Review: three dates kept apart, and "Granskad" only after a recorded review.

No source says how often the handbook is reviewed: the interval is the handbook's own setting
(settings.yaml in the fixture rulebook), 24 months, with a warning 90 days ahead. Dates in the
fixture, from the sources:
  001 Region Värmland version 1: valid 2026-04-10 through 2028-04-09 (its own header);
  002 Region Sörmland: the publisher updated the page 2022-04-21;
  004 VC City Eskilstuna: last changed in substance 2014-02-14;
  000 (FK, undated) and 003 (Halland, undated): no date of the owner's;
  the handbook compared its text with every source on 2026-11-22, so without a recorded review
  each is due 2028-11-22 (Värmland earlier, at its own end).
An owner's edit older than the interval flags the source as possibly out of date; only a recorded
review (reviews/*.yaml, `policy review-record`) makes it "Granskad".
"""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest
import yaml

from policy import PolicyError, loader
from policy.cli import main
from policy.committee.review import add_months, markdown, record, review, review_status

ON = date(2026, 12, 1)
# 2026-11-22 + 24 months; the warning starts 90 days before, on 2028-08-24.
DUE = date(2028, 11, 22)


def sources_in(items) -> dict[str, str]:
    return {i.id: i.status.level for i in items if i.kind == "källa"}


# --- the owner's date and the handbook's comparison are not reviews -------------------------


def test_eskilstunas_model_last_changed_2014_is_flagged_as_possibly_out_of_date(book):
    status = review_status(book.routines["eskilstuna"], ON, book)
    assert book.sources["004"].edited == date(2014, 2, 14)
    assert status.level == "inaktuell"
    assert "utgivaren ändrade texten senast 2014-02-14" in status.label
    assert status.due == DUE
    assert "handboken jämförde senast sin text med källan 2026-11-22" in status.label


def test_sormlands_page_updated_in_2022_is_flagged_but_not_overdue(book):
    status = review_status(book.routines["sormland"], ON, book)
    assert status.level == "inaktuell"
    assert status.due == DUE


def test_a_source_with_no_recorded_review_is_not_called_granskad(book):
    status = review_status(book.routines["halland"], ON, book)
    assert status.level == "ej-granskad"
    assert status.label.startswith("Inte granskad: ingen granskning registrerad; nästa senast 2028-11-22")
    assert "Granskad" not in status.label


def test_the_interval_is_the_handbooks_own_setting_not_a_source(book):
    assert book.settings.review.interval_months == 24
    assert book.settings.review.notice_days == 90
    assert "kommitten" not in book.sources
    assert not any(rule_id.startswith("granskning.") for rule_id in book.index)


def test_varmlands_routine_is_due_when_its_version_expires(book):
    status = review_status(book.routines["varmland"], ON, book)
    assert status.level == "ej-granskad"
    assert status.due == date(2028, 4, 9)


def test_varmlands_routine_is_due_soon_within_90_days_of_its_end(book):
    # 2028-02-01 to 2028-04-09: 28 days to 29 Feb (a leap year) + 31 + 9 = 68 days, within 90.
    status = review_status(book.routines["varmland"], date(2028, 2, 1), book)
    assert status.level == "snart"
    assert status.label.startswith("Ska granskas snart: ska granskas senast 2028-04-09")


def test_varmlands_routine_is_due_soon_exactly_90_days_before_its_end(book):
    # 2028-04-09 - 90 days = 2028-01-10; the day before is still 91 days out.
    assert review_status(book.routines["varmland"], date(2028, 1, 10), book).level == "snart"
    assert review_status(book.routines["varmland"], date(2028, 1, 9), book).level == "ej-granskad"


def test_varmlands_routine_has_expired_the_day_after_its_last_valid_day(book):
    assert review_status(book.routines["varmland"], date(2028, 4, 9), book).level == "snart"
    status = review_status(book.routines["varmland"], date(2028, 4, 10), book)
    assert status.level == "utgangen"
    assert status.label.startswith("Utgången: gällde till 2028-04-09")


# --- recording a review ---------------------------------------------------------------------


def test_a_recorded_review_makes_a_source_granskad_and_moves_its_due_date(data_copy):
    path = record("halland", "Anna Andersson, rehabkoordinator", "Lathunden läst mot handboken; inga avvikelser.",
                  date(2027, 3, 1), loader.load(data_copy), folder=data_copy / "reviews")
    assert path.name == "2027-03-01-003.yaml"
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["by"] == "Anna Andersson, rehabkoordinator"
    book = loader.load(data_copy)
    before = review_status(book.routines["halland"], date(2027, 2, 28), book)
    after = review_status(book.routines["halland"], date(2027, 3, 1), book)
    assert before.level == "ej-granskad" and before.due == DUE
    assert after.level == "ok"
    assert after.label.startswith("Granskad: 2027-03-01 av Anna Andersson, rehabkoordinator; nästa senast 2029-03-01")
    assert after.due == date(2029, 3, 1)  # 2027-03-01 + 24 months


def test_a_review_never_moves_the_due_date_past_the_sources_own_end(data_copy):
    record("001", "Caisa Hedlund, ordförande", "Rutinen läst.", date(2027, 1, 15), loader.load(data_copy),
           folder=data_copy / "reviews")
    status = review_status(loader.load(data_copy).routines["varmland"], date(2027, 1, 15), loader.load(data_copy))
    assert status.due == date(2028, 4, 9)
    assert status.level == "ok"


@pytest.mark.parametrize("source, by, what, message", [
    ("halland", "  ", "Läst.", "--by får inte vara tomt"),
    ("halland", "Anna", "", "--what får inte vara tomt"),
    ("hallnd", "Anna", "Läst.", "Okänd källa ”hallnd”"),
])
def test_recording_a_review_refuses_what_it_cannot_file(data_copy, source, by, what, message):
    with pytest.raises(PolicyError, match=message):
        record(source, by, what, ON, loader.load(data_copy), folder=data_copy / "reviews")


def test_a_review_of_an_unknown_source_in_a_file_is_refused_at_load(data_copy):
    (data_copy / "reviews").mkdir(exist_ok=True)
    (data_copy / "reviews" / "2027-01-01-x.yaml").write_text(
        "source: okand\ndate: 2027-01-01\nby: Någon\nwhat: Läst.\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="okänd källa ”okand”"):
        loader.load(data_copy)


# --- the list of what needs review --------------------------------------------------------


def test_on_2026_12_01_the_list_names_the_out_of_date_and_the_never_reviewed(book):
    found = sources_in(review(ON, book))
    assert found["004"] == "inaktuell" and found["002"] == "inaktuell"
    assert found["001"] == "ej-granskad" and found["000"] == "ej-granskad"
    assert "hsl-1982-763" not in found  # a replaced statute is history, not due


def test_the_day_after_the_due_date_the_sources_are_overdue(book):
    found = sources_in(review(date(2028, 11, 23), book))
    assert found["004"] == "forsenad"
    assert found["002"] == "forsenad"
    assert found["001"] == "utgangen"


def test_a_fact_whose_only_source_has_ended_is_listed_for_review_but_still_holds(book):
    # kod.kva-avstamningsmote (XS013) is attested only by Värmland's routine, which ends 2028-04-09.
    facts = {i.id: i for i in review(date(2028, 6, 1), book) if i.kind == "faktum"}
    assert "kod.kva-avstamningsmote" in facts
    assert "källan gällde till 2028-04-09" in facts["kod.kva-avstamningsmote"].status.label
    assert book.value("kod.kva-avstamningsmote", date(2028, 6, 1)) == "XS013"
    assert "kod.kva-avstamningsmote" not in {i.id for i in review(ON, book) if i.kind == "faktum"}


def test_the_weekly_issue_has_one_item_per_owner(book):
    text = markdown(review(ON, book), ON, book)
    owners = [line for line in text.splitlines() if line.startswith("- [ ] ")]
    assert len(owners) == len(set(owners))
    riksdagen = next(line for line in owners if "**Riksdagen**" in line)
    assert "att granska" in riksdagen
    assert "policy review-record" in text


# --- add_months ---------------------------------------------------------------------------


@pytest.mark.parametrize("day, months, expected", [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),   # February 2026 has 28 days
    (date(2028, 1, 31), 1, date(2028, 2, 29)),   # 2028 is a leap year
    (date(2024, 2, 29), 24, date(2026, 2, 28)),  # a leap day two years on
    (date(2024, 2, 29), 48, date(2028, 2, 29)),
    (date(2026, 3, 31), 1, date(2026, 4, 30)),
    (date(2026, 12, 15), 1, date(2027, 1, 15)),  # across the new year
    (date(2026, 11, 30), 3, date(2027, 2, 28)),
    (date(2026, 12, 31), 12, date(2027, 12, 31)),
    (date(2026, 11, 22), 24, date(2028, 11, 22)),  # the due date of the sources checked at intake
    (date(2026, 5, 5), 0, date(2026, 5, 5)),
    (date(2026, 3, 31), -1, date(2026, 2, 28)),
    (date(2027, 1, 31), -2, date(2026, 11, 30)),
])
def test_add_months_keeps_the_day_or_takes_the_last_day_of_a_shorter_month(day, months, expected):
    assert add_months(day, months) == expected


# --- the command --------------------------------------------------------------------------


def run_policy(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "policy", *args], capture_output=True, text=True,
                          encoding="utf-8", timeout=60)


def test_the_review_command_prints_json_and_exits_0():
    done = run_policy("review", "--date", "2028-11-23")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    items = json.loads(done.stdout)
    eskilstuna = next(i for i in items if i["kind"] == "källa" and i["id"] == "004")
    assert eskilstuna["status"]["level"] == "forsenad"
    assert eskilstuna["status"]["due"] == "2028-11-22"


def test_the_strict_review_command_exits_1_with_a_swedish_message_when_something_is_overdue():
    done = run_policy("review", "--strict", "--date", "2028-11-23")
    assert done.returncode == 1
    assert done.stderr.strip() == "policy: något är utgånget eller försenat för granskning."
    assert any(i["id"] == "002" for i in json.loads(done.stdout))  # the list is still printed


def test_the_review_command_with_a_bad_date_exits_2_with_a_swedish_message():
    done = run_policy("review", "--date", "2026-13-01")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "ogiltigt datum ”2026-13-01”" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_strict_review_in_process_exits_1_and_the_plain_one_0(capsys):
    assert main(["review", "--strict", "--date", "2028-11-23"]) == 1
    assert "försenat" in capsys.readouterr().err
    assert main(["review", "--date", "2028-11-23"]) == 0
    assert main(["review", "--strict", "--date", "2026-12-01"]) == 0


def test_review_record_writes_a_file_and_says_where(tmp_path, monkeypatch):
    from fixturedata import copy_data

    copy_data(tmp_path)
    monkeypatch.setenv("POLICY_DATA", str(tmp_path))
    done = subprocess.run([sys.executable, "-m", "policy", "review-record", "--source", "varmland",
                           "--by", "Caisa Hedlund, ordförande", "--what", "Rutinen läst.", "--date", "2027-02-01"],
                          capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "reviews" / "2027-02-01-001.yaml").exists()
    assert "2027-02-01-001.yaml" in done.stdout
