"""A worked example that cannot run on the rules (here: a Värmland value asked for before the
routine starts) gives the committee one Swedish line, not the
kernel's traceback (`make notebooks`, and the notebook part of `policy diff`)."""
from __future__ import annotations

import nbformat
import pytest

from policy import PolicyError
from policy.committee.notebook_outputs import main, run


def _broken_notebook(folder):
    folder.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("from policy import load\nfrom datetime import date\n"
                                          "load().value('system.safos', date(1990, 1, 1))")]
    path = folder / "99_trasig.ipynb"
    nbformat.write(nb, path)
    return path


def test_a_failing_example_is_one_swedish_line_in_the_report(tmp_path):
    from fixturedata import copy_package

    copy_package(tmp_path / "src" / "policy")
    _broken_notebook(tmp_path / "notebooks")
    with pytest.raises(PolicyError) as caught:
        run(tmp_path / "notebooks", tmp_path / "src")
    message = str(caught.value)
    assert message.startswith("Räkneexemplet 99_trasig.ipynb kan inte köras med de här reglerna: OutsideValidity:")
    assert "1990-01-01" in message and "\x1b[" not in message and "Traceback" not in message


def test_make_notebooks_stops_with_one_line_and_exit_2(tmp_path, capsys):
    path = _broken_notebook(tmp_path / "notebooks")
    assert main([str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("policy: fel: Räkneexemplet 99_trasig.ipynb kan inte köras") and len(err.splitlines()) == 1


def test_the_worked_examples_kernel_starts_without_its_log_warnings():
    # The build, `make notebooks` and nbval start "python3": the repository's spec, whose kernel
    # logs only errors, so no English transport warning reaches the committee's build output.
    from jupyter_client.kernelspec import KernelSpecManager

    from policy.committee.kernel import quiet_kernels

    quiet_kernels()
    assert "--IPKernelApp.log_level=ERROR" in KernelSpecManager().get_kernel_spec("python3").argv
