#!/usr/bin/env python3
"""Byggtider och sidvikt för handboken på den här maskinen (ett skript, inget test).

Kör:  .venv/bin/python benchmarks/run.py [--no-tests] [--repeat N] [--keep]
eller `make bench`. Allt byggs i tillfälliga kopior av projektet (conf.py, handbook/, notebooks/,
src/), med PYTHONPATH=<kopia>/src så att kopians policy-paket används. Repot ändras inte, utom att
resultatet skrivs till _build/benchmark.json.

Mäter (väggtid, time.perf_counter, hela sphinx-processen):
  1. rent bygge med notebook-körning (ny utmapp)
  2. ombygge utan ändring (samma utmapp)
  3. ombygge efter en ändrad regel (arvode.forsta-timmen 750 -> 800)
  4. vanligt Sphinx-bygge av samma sidor utan notebook-körning (-D nb_execution_mode=off)
  5. hela testsviten som CI kör den, `make test` (hoppas över med --no-tests), och dess processortid
  6. 100 rutiner mot de riktiga 5 (båda utan notebook-körning; kopior av de riktiga)
  7. sidvikt: HTML plus allt sidan laddar (skript, stilmallar, preload, ikoner, bilder, url() i CSS)
  8. sidvikt i handboken med 100 rutiner: ingen sida ska växa med antalet rutiner
Och maskinens takt före och efter: samma lilla provräkning, tidtagen.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
VENV_PY = ROOT / ".venv" / "bin" / "python"
PY = str(VENV_PY) if VENV_PY.exists() else sys.executable
# Samma flaggor som `make html` (SPHINXOPTS i Makefile).
SPHINX = [PY, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n", "-q"]
NO_EXEC = ["-D", "nb_execution_mode=off"]
EXTRA: list[str] = []  # --sphinx-arg: läggs till i varje bygge, för att pröva ett förslag (t.ex. -j auto)

RULE_FILE = Path("src/policy/rules/arvode.yaml")
RULE_ID = "arvode.forsta-timmen"
EXTRA_ROUTINES = 95

TARGETS = {
    "clean_s": 60.0,            # rent bygge <= 60 s
    "rule_vs_plain": 0.6,       # regeländring <= 0,6 x vanligt bygge
    "nochange_vs_clean": 0.2,   # ombygge utan ändring <= 0,2 x rent bygge
    "routines_100_vs_5": 6.0,   # 100 rutiner <= 6 x 5 rutiner
    "page_kb": 300.0,           # varje sida <= 300 KB med allt den laddar
    "suite_s": 180.0,           # hela testsviten (make test) <= 3 min på två kärnor
}


# --- projektkopior och byggen ------------------------------------------------------------------
# Samma kopia av allt bygget läser som testerna gör (tests/sitebuild.py).
sys.path.insert(0, str(ROOT / "tests"))
from sitebuild import copy_project  # noqa: E402


class BuildError(RuntimeError):
    pass


def sphinx(project: Path, outdir: Path, extra: list[str] = (), check: bool = True) -> float:
    """Kör sphinx-build i en underprocess och ger väggtiden i sekunder."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(project / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env["POLICY_DATA"] = str(project / "src" / "policy")  # the copy's own data
    cmd = [*SPHINX, *EXTRA, *extra, str(project), str(outdir)]
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=1800)
    elapsed = time.perf_counter() - start
    if check and result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if "IPKernelApp" not in line]
        raise BuildError(f"sphinx misslyckades ({' '.join(cmd[3:])}):\n" + "\n".join(lines[-30:]))
    return elapsed


def change_rule(project: Path, old: str = "750", new: str = "800") -> None:
    """Ändrar ett enda värde: första perioden av arvode.forsta-timmen."""
    path = project / RULE_FILE
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(rf"(- id: {re.escape(RULE_ID)}\n(?:(?!  - id:).*\n)*?\s+- value: ){old}\b")
    changed, n = pattern.subn(rf"\g<1>{new}", text, count=1)
    if n != 1:
        raise BuildError(f"hittade inte värdet {old} för {RULE_ID} i {RULE_FILE}")
    path.write_text(changed, encoding="utf-8")
    # Säkert nyare mtime än det senaste bygget även på filsystem med grov tidsupplösning.
    later = time.time() + 1
    os.utime(path, (later, later))


def doctree_mtimes(outdir: Path) -> dict[str, float]:
    return {str(p): p.stat().st_mtime_ns for p in (outdir / ".doctrees").rglob("*.doctree")}


def html_mtimes(outdir: Path) -> dict[str, float]:
    return {str(p): p.stat().st_mtime_ns for p in outdir.rglob("*.html")}


def changed(before: dict, after: dict) -> int:
    return sum(1 for k, v in after.items() if before.get(k) != v)


# --- syntetisk handbok med fler rutiner ---------------------------------------------------------
def add_routines(project: Path, count: int) -> list[str]:
    """Kopierar de befintliga rutinerna till `count` nya med nya slugar (och stegens id-prefix),
    var och en med en egen kopia av sin källa i kallor.yaml (en källa hör till en rutin);
    bygget skapar deras sidor."""
    import yaml

    routines_dir = project / "src" / "policy" / "routines"
    sources_file = project / "src" / "policy" / "rules" / "kallor.yaml"
    register = yaml.safe_load(sources_file.read_text(encoding="utf-8"))
    by_id = {s["id"]: s for s in register["sources"]}
    originals = sorted(p.name for p in routines_dir.iterdir() if p.is_dir())
    made = []
    for i in range(count):
        old = originals[i % len(originals)]
        n = i // len(originals) + 1
        new = f"{old}-kopia-{n}"
        (routines_dir / new).mkdir()
        for version in sorted((routines_dir / old).glob("version-*.yaml")):
            text = version.read_text(encoding="utf-8")
            source = re.search(r'^source: "?([^"\n]+)"?$', text, flags=re.M).group(1)
            copy = {**by_id[source], "id": f"{source}-kopia-{i + 1}"}
            copy.pop("seed", None)
            for field in ("whose", "place"):
                if copy.get(field):
                    copy[field] = f"{copy[field]} (kopia {i + 1})"
            if copy["id"] not in by_id:
                register["sources"].append(copy)
                by_id[copy["id"]] = copy
            text = re.sub(r'^source: .*$', f'source: "{copy["id"]}"', text, count=1, flags=re.M)
            text = re.sub(rf"^slug: {re.escape(old)}$", f"slug: {new}", text, count=1, flags=re.M)
            text = re.sub(r"^name: (.*)$", rf"name: \1 (kopia {n})", text, count=1, flags=re.M)
            text = re.sub(rf"(?<![\w.-]){re.escape(old)}\.(?=[a-z0-9])", f"{new}.", text)  # stegens id och hänvisningar
            (routines_dir / new / version.name).write_text(text, encoding="utf-8")
        made.append(new)
    sources_file.write_text(yaml.safe_dump(register, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return made


# --- sidvikt ------------------------------------------------------------------------------------
class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.refs.append(a["src"])
        elif tag == "link" and a.get("href"):
            rel = set((a.get("rel") or "").lower().split())
            if rel & {"stylesheet", "preload", "icon", "modulepreload"}:
                self.refs.append(a["href"])
        elif tag == "img" and a.get("src"):
            self.refs.append(a["src"])
        elif tag == "style":
            self._in_style = True

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
CSS_IMPORT = re.compile(r"""@import\s+(['"])([^'"]+)\1""")


def _local(base: Path, ref: str, site: Path) -> Path | None | str:
    """Filen `ref` pekar på relativt `base`; None för data:-URI, texten själv för externa adresser."""
    ref = ref.strip()
    if ref.startswith("data:"):
        return None
    parts = urlsplit(ref)
    if parts.scheme or ref.startswith("//"):
        return ref
    path = unquote(parts.path)
    if not path:
        return None
    target = (site / path.lstrip("/")) if path.startswith("/") else (base.parent / path)
    return Path(os.path.normpath(target))


def css_refs(css: Path, site: Path, seen: set, external: set, missing: set) -> None:
    text = css.read_text(encoding="utf-8", errors="replace")
    for m in [*CSS_URL.finditer(text), *CSS_IMPORT.finditer(text)]:
        add_ref(css, m.group(2), site, seen, external, missing)


def add_ref(base: Path, ref: str, site: Path, seen: set, external: set, missing: set) -> None:
    target = _local(base, ref, site)
    if target is None:
        return
    if isinstance(target, str):
        external.add(target)
        return
    if target in seen:
        return
    if not target.is_file():
        missing.add(str(target))
        return
    seen.add(target)
    if target.suffix == ".css":
        css_refs(target, site, seen, external, missing)


_GZ: dict[Path, int] = {}


def _gzipped(path: Path) -> int:
    """Ungefär vad som går över nätet från en server som komprimerar text (gzip -6); woff2 och
    bilder är redan komprimerade och räknas som de är."""
    if path not in _GZ:
        data = path.read_bytes()
        _GZ[path] = len(data) if path.suffix in {".woff2", ".woff", ".png", ".jpg", ".jpeg", ".gif", ".webp"} \
            else len(gzip.compress(data, 6))
    return _GZ[path]


def page_weight(page: Path, site: Path) -> dict:
    parser = _Refs()
    parser.feed(page.read_text(encoding="utf-8", errors="replace"))
    seen: set[Path] = set()
    external: set[str] = set()
    missing: set[str] = set()
    for ref in parser.refs:
        add_ref(page, ref, site, seen, external, missing)
    for style in parser.styles:
        for m in CSS_URL.finditer(style):
            add_ref(page, m.group(2), site, seen, external, missing)
    html = page.stat().st_size
    assets = sorted(((p.stat().st_size, p) for p in seen), reverse=True)
    total = html + sum(s for s, _ in assets)
    gz = sum(_gzipped(p) for p in [page, *seen])
    kinds: dict[str, int] = {}
    for size, p in assets:
        kind = {".js": "js", ".css": "css", ".woff2": "font", ".woff": "font", ".ttf": "font",
                ".eot": "font", ".otf": "font"}.get(p.suffix, "bild/övrigt")
        kinds[kind] = kinds.get(kind, 0) + size
    return {
        "page": str(page.relative_to(site)), "total_kb": total / 1024, "html_kb": html / 1024, "gzip_kb": gz / 1024,
        "by_kind_kb": {k: v / 1024 for k, v in sorted(kinds.items())},
        "largest": [{"file": str(p.relative_to(site)), "kb": s / 1024} for s, p in assets[:6]],
        "files": 1 + len(assets), "external": sorted(external), "missing": sorted(missing),
    }


def site_weights(site: Path) -> dict:
    pages = sorted(p for p in site.rglob("*.html") if not any(part.startswith(("_", ".")) for part in p.relative_to(site).parts))
    weights = [page_weight(p, site) for p in pages]
    # A query on the search page also fetches the list of routines and, at most, the reader's own
    # and the national routine's indexes: counted at their largest (the other regions' come only
    # when the reader asks).
    sok = site / "_static" / "sok"
    if sok.is_dir():
        fetched = sorted((p.stat().st_size for p in sok.glob("*.json") if p.name != "rutiner.json"), reverse=True)[:2]
        extra = ((sok / "rutiner.json").stat().st_size if (sok / "rutiner.json").exists() else 0) + sum(fetched)
        for w in weights:
            if w["page"] == "search.html":
                w["total_kb"] += extra / 1024
                w["files"] += 1 + len(fetched)
    heaviest = max(weights, key=lambda w: w["total_kb"])
    start = next(w for w in weights if w["page"] == "handbook/index.html")
    over = [w["page"] for w in weights if w["total_kb"] > TARGETS["page_kb"]]
    return {"pages": len(weights), "start": start, "heaviest": heaviest, "over_target": over,
            "all": {w["page"]: round(w["total_kb"], 1) for w in weights}}


# --- körningen ----------------------------------------------------------------------------------
def median(values: list[float]) -> float:
    return statistics.median(values)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def run_builds(tmp: Path, repeat: int) -> tuple[dict, Path]:
    clean, nochange, rule, plain = [], [], [], []
    reread, rewritten = [], []
    first_site = None
    for r in range(repeat):
        proj = copy_project(tmp / f"bygge-{r}")
        out = proj / "_build" / "html"
        log(f"[{r + 1}/{repeat}] rent bygge med notebook-körning ...")
        clean.append(sphinx(proj, out))
        log(f"[{r + 1}/{repeat}] ombygge utan ändring ...")
        nochange.append(sphinx(proj, out))
        before_dt, before_html = doctree_mtimes(out), html_mtimes(out)
        change_rule(proj)
        log(f"[{r + 1}/{repeat}] ombygge efter regeländring ...")
        rule.append(sphinx(proj, out))
        reread.append(changed(before_dt, doctree_mtimes(out)))
        rewritten.append(changed(before_html, html_mtimes(out)))
        arvode = (out / "handbook" / "reference" / "arvode.html").read_text(encoding="utf-8")
        if not re.search(r"800(&nbsp;|\s| )?kr", arvode):
            raise BuildError("regeländringen syns inte i handbook/reference/arvode.html efter ombygget")
        log(f"[{r + 1}/{repeat}] vanligt bygge utan notebook-körning ...")
        plain.append(sphinx(proj, proj / "_build_plain" / "html", NO_EXEC))
        if first_site is None:
            first_site = out
    docs = len(doctree_mtimes(first_site))
    return {
        "clean_s": median(clean), "nochange_s": median(nochange), "rule_s": median(rule), "plain_s": median(plain),
        "runs": {"clean_s": clean, "nochange_s": nochange, "rule_s": rule, "plain_s": plain},
        "rule_reread_docs": reread[0], "rule_rewritten_html": rewritten[0], "docs": docs,
    }, first_site


def run_routines(tmp: Path, repeat: int) -> dict:
    five, many = [], []
    proj5 = copy_project(tmp / "rutiner-5")
    proj_big = copy_project(tmp / "rutiner-100")
    made = add_routines(proj_big, EXTRA_ROUTINES)
    n5 = len([p for p in (proj5 / "src/policy/routines").iterdir() if p.is_dir()])
    n_big = len([p for p in (proj_big / "src/policy/routines").iterdir() if p.is_dir()])
    for r in range(repeat):
        log(f"[{r + 1}/{repeat}] {n5} rutiner, utan notebook-körning ...")
        five.append(sphinx(proj5, proj5 / f"_build_{r}" / "html", NO_EXEC))
        log(f"[{r + 1}/{repeat}] {n_big} rutiner, utan notebook-körning ...")
        many.append(sphinx(proj_big, proj_big / f"_build_{r}" / "html", NO_EXEC))
        page = proj_big / f"_build_{r}" / "html" / "handbook" / "routines" / f"{made[-1]}.html"
        if not page.is_file():
            raise BuildError(f"den syntetiska rutinsidan {page.name} byggdes inte")
    weight = site_weights(proj_big / "_build_0" / "html")
    return {"routines_small": n5, "routines_big": n_big, "small_s": median(five), "big_s": median(many),
            "ratio": median(many) / median(five), "runs": {"small_s": five, "big_s": many}, "weight": weight}


def run_tests() -> dict:
    """The README's test command as CI runs it (`make test`: three workers on the two cores, then
    the rule coverage check), timed whole, with the processor time the machine used meanwhile."""
    log("testsviten (make test) ...")
    before = _machine_busy()
    start = time.perf_counter()
    result = subprocess.run(["make", "--no-print-directory", "test"], cwd=ROOT, capture_output=True, text=True,
                            timeout=3600)
    elapsed = time.perf_counter() - start
    counts = re.findall(r"=+ (\d+ passed[^=]*?) in [\d.]+s", result.stdout)
    busy = _machine_busy()
    return {"tests_s": elapsed, "cpu_s": None if busy is None or before is None else busy - before,
            "returncode": result.returncode, "summary": " + ".join(counts)}


def _machine_busy() -> float | None:
    """Seconds of processor time the whole machine has spent busy (all cores, from /proc/stat): the
    suite's own processes include Chromium's and the kernels', which no parent accounts for; on a
    machine that runs nothing else meanwhile, this is the suite's. None where /proc/stat is missing."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return None
    user, nice, system, _idle, _iowait, irq, softirq = (int(v) for v in fields[:7])  # not steal: other guests'
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def _children_cpu() -> float:
    """Processor time (user and system) of this script's ended child processes."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# The same small computation each time, in a Python of its own: how fast this machine is just now.
# On a shared machine it varies by a quarter within minutes; seconds from runs where it differed
# much do not compare (benchmarks/README.md).
PROBE = "s = 0\nfor i in range(10_000_000):\n    s += i * i % 7"


def speed_probe(times: int = 3) -> float:
    """The median of `times` runs of PROBE, in seconds of processor time."""
    runs = []
    for _ in range(times):
        before = _children_cpu()
        subprocess.run([sys.executable, "-c", PROBE], check=True)
        runs.append(_children_cpu() - before)
    return median(runs)


def machine() -> dict:
    try:
        versions = subprocess.run([PY, "-c", "import sphinx, myst_nb, furo as t;"
                                   "print(sphinx.__version__, myst_nb.__version__, t.__version__)"],
                                  capture_output=True, text=True).stdout.split()
    except Exception:
        versions = []
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "cpus": os.cpu_count(), "loadavg_1min": round(os.getloadavg()[0], 2), "python": platform.python_version(), "platform": platform.platform(),
            "sphinx": versions[0] if versions else None, "myst_nb": versions[1] if len(versions) > 1 else None,
            "theme_furo": versions[2] if len(versions) > 2 else None}


def row(name: str, value: str, target: str, ok: bool | None) -> tuple[str, str, str, str]:
    return (name, value, target, "–" if ok is None else ("OK" if ok else "MISS"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-tests", action="store_true", help="kör inte testsviten")
    ap.add_argument("--repeat", type=int, default=1, help="median av N körningar för byggtiderna (standard 1)")
    ap.add_argument("--keep", action="store_true", help="behåll de tillfälliga kopiorna (sökvägen skrivs ut)")
    ap.add_argument("--sphinx-arg", action="append", default=[], metavar="ARG",
                    help="extra argument till varje sphinx-bygge, t.ex. --sphinx-arg=-j --sphinx-arg=auto")
    args = ap.parse_args(argv)
    if args.repeat < 1:
        ap.error("--repeat ska vara minst 1")
    EXTRA[:] = args.sphinx_arg

    # Samma datum i alla byggen, så att ett datumskifte mitt i inte gör ombyggena till nybyggen.
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(int(time.time())))
    tmp = Path(tempfile.mkdtemp(prefix="handbok-bench-"))
    results: dict = {"machine": machine(), "repeat": args.repeat, "sphinx_args": [*SPHINX[3:], *EXTRA], "targets": TARGETS,
                     "probe_s_before": speed_probe()}
    try:
        builds, site = run_builds(tmp, args.repeat)
        results["builds"] = builds
        results["routines"] = run_routines(tmp, args.repeat)
        results["weight"] = site_weights(site)
    except BuildError as exc:
        print(exc, file=sys.stderr)
        return 2
    finally:
        if args.keep:
            log(f"kopiorna finns kvar i {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    results["tests"] = None if args.no_tests else run_tests()
    results["loadavg_1min_after"] = round(os.getloadavg()[0], 2)
    results["probe_s_after"] = speed_probe()

    b, rt, w = results["builds"], results["routines"], results["weight"]
    rule_ratio = b["rule_s"] / b["plain_s"]
    nochange_ratio = b["nochange_s"] / b["clean_s"]
    rows = [
        row("1. Rent bygge (med notebooks)", f"{b['clean_s']:.1f} s", f"≤ {TARGETS['clean_s']:.0f} s",
            b["clean_s"] <= TARGETS["clean_s"]),
        row("2. Ombygge utan ändring", f"{b['nochange_s']:.1f} s ({nochange_ratio:.2f} × rent)",
            f"≤ {TARGETS['nochange_vs_clean']} × rent", nochange_ratio <= TARGETS["nochange_vs_clean"]),
        row("3. Ombygge efter regeländring", f"{b['rule_s']:.1f} s ({b['rule_reread_docs']}/{b['docs']} sidor lästa om, {b['rule_rewritten_html']} skrivna)",
            "", None),
        row("4. Vanligt bygge (utan notebooks)", f"{b['plain_s']:.1f} s", "", None),
        row("   Regeländring / vanligt bygge", f"{rule_ratio:.2f} ×", f"≤ {TARGETS['rule_vs_plain']} ×",
            rule_ratio <= TARGETS["rule_vs_plain"]),
    ]
    t = results["tests"]
    if t is None:
        rows.append(row("5. Testsviten", "hoppades över (--no-tests)", "", None))
    else:
        cpu = f", maskinen {t['cpu_s']:.0f} s processortid" if t["cpu_s"] else ""
        rows.append(row("5. Testsviten (make test)",
                        f"{t['tests_s']:.0f} s{cpu} ({t['summary'] or 'rc ' + str(t['returncode'])})",
                        f"≤ {TARGETS['suite_s']:.0f} s", t["returncode"] == 0 and t["tests_s"] <= TARGETS["suite_s"]))
    rows += [
        row(f"6. {rt['routines_big']} rutiner / {rt['routines_small']} rutiner",
            f"{rt['big_s']:.1f} s / {rt['small_s']:.1f} s = {rt['ratio']:.2f} ×", f"≤ {TARGETS['routines_100_vs_5']} ×",
            rt["ratio"] <= TARGETS["routines_100_vs_5"]),
        row("7. Startsidan med allt den laddar",
            f"{w['start']['total_kb']:.0f} KB ({w['start']['files']} filer; gzip {w['start']['gzip_kb']:.0f} KB)",
            f"≤ {TARGETS['page_kb']:.0f} KB", w["start"]["total_kb"] <= TARGETS["page_kb"]),
        row(f"   Tyngsta sidan ({w['heaviest']['page']})",
            f"{w['heaviest']['total_kb']:.0f} KB ({w['heaviest']['files']} filer; gzip {w['heaviest']['gzip_kb']:.0f} KB)",
            f"≤ {TARGETS['page_kb']:.0f} KB",
            not w["over_target"]),
        row(f"8. Tyngsta sidan vid {rt['routines_big']} rutiner ({rt['weight']['heaviest']['page']})",
            f"{rt['weight']['heaviest']['total_kb']:.0f} KB (gzip {rt['weight']['heaviest']['gzip_kb']:.0f} KB); "
            f"över målet: {len(rt['weight']['over_target'])} av {rt['weight']['pages']} sidor",
            f"≤ {TARGETS['page_kb']:.0f} KB", not rt["weight"]["over_target"]),
    ]
    m = results["machine"]
    print(f"Maskin: {m['cpu']}, {m['cpus']} kärnor, Python {m['python']}, Sphinx {m['sphinx']}, "
          f"myst-nb {m['myst_nb']}, furo {m['theme_furo']}")
    print(f"Maskinens takt: samma provräkning tog {results['probe_s_before']:.2f} s före och "
          f"{results['probe_s_after']:.2f} s efter mätningarna (längre = långsammare maskin just då; "
          "jämför sekunder bara mellan körningar med liknande takt).")
    busy = max(m["loadavg_1min"], results["loadavg_1min_after"])
    if busy > 0.5 * (m["cpus"] or 1):
        print(f"Obs: maskinen hade annan last under mätningen (load average upp till {busy:.1f} på {m['cpus']} kärnor); "
              "tiderna blir osäkra, kör gärna med --repeat 3 när maskinen är ledig.")
    print(f"Byggtider: median av {args.repeat} körning(ar), sphinx-build {' '.join(results['sphinx_args'])}; "
          "sidvikt i KB = 1024 byte, okomprimerat (målet) och gzip (information).\n")
    widths = [max(len(r[i]) for r in [("Mått", "Värde", "Mål", "")] + rows) for i in range(4)]
    for r in [("Mått", "Värde", "Mål", ""), tuple("-" * wd for wd in widths), *rows]:
        print("  ".join(c.ljust(wd) for c, wd in zip(r, widths)).rstrip())
    h = w["heaviest"]
    print(f"\n{w['pages']} sidor kontrollerade; över {TARGETS['page_kb']:.0f} KB: {len(w['over_target'])}"
          + (f" ({', '.join(w['over_target'][:8])}{' …' if len(w['over_target']) > 8 else ''})" if w["over_target"] else ""))
    big = rt["weight"]
    if big["over_target"]:
        print(f"Vid {rt['routines_big']} rutiner över {TARGETS['page_kb']:.0f} KB: "
              + ", ".join(f"{p} {big['all'][p]:.0f} KB" for p in big["over_target"]))
    print("Tyngsta sidan per slag: " + ", ".join(f"{k} {v:.0f} KB" for k, v in h["by_kind_kb"].items())
          + f", html {h['html_kb']:.0f} KB")
    print("Största filerna: " + ", ".join(f"{a['file']} {a['kb']:.0f} KB" for a in h["largest"]))
    for label, page in (("startsidan", w["start"]), ("tyngsta sidan", h)):
        if page["external"]:
            print(f"Externa adresser på {label} (inte medräknade): {', '.join(page['external'])}")
        if page["missing"]:
            print(f"Saknade filer på {label}: {', '.join(page['missing'])}")

    results["summary"] = [dict(zip(("figure", "value", "target", "status"), r)) for r in rows]
    out = ROOT / "_build" / "benchmark.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    print(f"\nResultat: {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
