"""Every built page is valid HTML according to the Nu HTML Checker (npm vnu-jar, run with Java).
Accepted messages, each with its reason, are listed in tests/vnu-exclusions.yaml."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# One short run: Java's quick compiler only and one garbage-collector thread take half the processor
# time of its defaults here (8.6 → 4.1 s); with that compiler alone the checker's schema ran out of
# stack (StackOverflowError) at Java's default size.
JAVA = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss2m"]
EXCLUSIONS = yaml.safe_load((Path(__file__).parent / "vnu-exclusions.yaml").read_text(encoding="utf-8"))["exclusions"]


def test_every_exclusion_gives_its_reason():
    assert all(e.get("pattern") and e.get("reason") for e in EXCLUSIONS)


def test_every_page_is_valid_html(site):
    if not shutil.which("java"):
        pytest.fail("Java saknas; installera med: bash .ci/install-system")
    if not VNU.exists():
        pytest.fail("vnu-jar saknas; installera med: npm ci")
    pages = [str(p) for p in site.rglob("*.html") if "_static" not in p.parts and ".doctrees" not in p.parts]
    assert len(pages) >= 40
    result = subprocess.run(["java", *JAVA, "-jar", str(VNU), "--format", "json", "--errors-only", *pages],
                            capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [f"{Path(m.get('url', '')).name}: {m['message']}" for m in messages
              if m.get("type") == "error" and not any(re.search(e["pattern"], m["message"]) for e in EXCLUSIONS)]
    assert errors == []
