"""Which change takes the short path (only the pages that read a changed rule are read again) and
which re-reads every page that lists a collection: the decision alone, for each kind of change, with
no build. test_incremental.py checks the builds themselves, with some of these changes combined."""
from __future__ import annotations

import pytest

from policy.sphinxext import only_values_changed

FILES = {"rules/arvode.yaml": "a1", "rules/koder.yaml": "k1", "rules/kallor.yaml": "s1",
         "rules/aktorer.yaml": "p1", "settings.yaml": "x1", "routines/varmland/rutin.yaml": "r1",
         "changelog/2026-01-01-start.yaml": "c1", "reviews/2026.yaml": "g1"}
RULES = {"arvode.forsta-timmen": "f1", "arvode.paborjad-halvtimme": "h1", "kod.xs013": "q1"}
WHERE = {"arvode.forsta-timmen": "rules/arvode.yaml", "arvode.paborjad-halvtimme": "rules/arvode.yaml",
         "kod.xs013": "rules/koder.yaml"}


def decide(files=None, rules=None, where=None, old_files=FILES) -> bool:
    return only_values_changed(old_files, {**FILES, **(files or {})}, RULES, rules or RULES, WHERE, where or WHERE)


def test_a_value_and_its_change_entry_take_the_short_path():
    assert decide(files={"rules/arvode.yaml": "a2", "changelog/2026-12-01-arvode.yaml": "c2"},
                  rules={**RULES, "arvode.forsta-timmen": "f2"})


def test_nothing_changed_takes_the_short_path():
    assert decide()


@pytest.mark.parametrize("files, rules, where", [
    # A rule added at the end of its file.
    ({"rules/koder.yaml": "k2"}, {**RULES, "kod.test": "t1"}, {**WHERE, "kod.test": "rules/koder.yaml"}),
    # A rule removed.
    ({"rules/koder.yaml": "k2"}, {k: v for k, v in RULES.items() if k != "kod.xs013"},
     {k: v for k, v in WHERE.items() if k != "kod.xs013"}),
    # Two rules swapped: a page listing them shows another order.
    ({"rules/arvode.yaml": "a2"}, dict(reversed(list(RULES.items()))), dict(reversed(list(WHERE.items())))),
    # A rule moved to another file.
    ({"rules/arvode.yaml": "a2", "rules/koder.yaml": "k2"}, None, {**WHERE, "kod.xs013": "rules/arvode.yaml"}),
], ids=["rule-added", "rule-removed", "rules-reordered", "rule-moved"])
def test_a_change_to_which_rules_there_are_lists_everything_again(files, rules, where):
    assert not decide(files=files, rules=rules, where=where)


@pytest.mark.parametrize("name", ["rules/kallor.yaml", "rules/aktorer.yaml", "settings.yaml",
                                  "routines/varmland/rutin.yaml", "reviews/2026.yaml"])
def test_a_register_routine_setting_or_review_lists_everything_again(name):
    assert not decide(files={name: "changed"})


@pytest.mark.parametrize("name", ["routines/ny/rutin.yaml", "rules/ny.yaml", "reviews/2027.yaml"])
def test_a_new_file_outside_the_change_history_lists_everything_again(name):
    assert not decide(files={name: "new"})


def test_a_removed_routine_file_lists_everything_again():
    files = {k: v for k, v in FILES.items() if not k.startswith("routines/")}
    assert not only_values_changed(FILES, files, RULES, RULES, WHERE, WHERE)


def test_the_first_build_has_nothing_to_compare_with():
    assert not decide(old_files=None)
