#!/usr/bin/env python3
"""Fem uppgifter för vården, från startsidan i Chromium på 375×812: hur många tryck de kräver och
om svaret syns utan att man rullar. Ett skript som skriver siffror, inget test.

Kör:  .venv/bin/python benchmarks/tasks.py [BYGGD_WEBBPLATS] [--flows efter|fore]
Utan webbplats byggs handboken först till _build/html. `--flows fore` går samma uppgifter i
handbokens struktur före frågeguiderna (commit f2ac848), för jämförelsen före och efter.

Ett tryck är ett klick, ett val i en lista eller att fylla i ett fält. Svaret räknas som synligt
utan att rulla om dess överkant ligger inom de första 812 pixlarna där sidan hamnar efter sista
trycket (skriptet rullar aldrig själv).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from browser import launch, serve  # noqa: E402

VIEWPORT = {"width": 375, "height": 812}

# Each step: ("click", selector) or ("fill", selector, value) or ("select", selector, value); the
# last item is the selector of the answer.
FLOWS = {
    "efter": {
        "Be Försäkringskassan om ett möte i min region (Värmland)": [
            ("click", ".sd-card:has-text('Får jag be om ett möte?')"), ("select", ".region-select >> nth=0", "varmland"),
            "div.region-panel.region-varmland >> nth=0"],
        "Arvodet för 75 minuter": [
            ("click", ".sd-card:has-text('Hur mycket betalas?')"), ("fill", "#minutes", "75"), ("click", "[data-guide=arvode] .guide-next"),
            ".guide-outcome"],
        "Samtycke när arbetsgivaren är med": [
            ("click", ".sd-card:has-text('Vad ska samtycket omfatta?')"), "article p >> nth=0"],
        "Mötesform för sjukdag 40 med arbetsgivaren, utan samordning från FK": [
            ("click", ".sd-card:has-text('Vilken mötesform passar?')"), ("click", "#sick-ja"), ("click", "[data-step=sick] .guide-next"),
            ("fill", "#day", "40"), ("click", "[data-step=day] .guide-next"), ("click", "#actor-arbetsgivare"),
            ("click", "[data-step=actors] .guide-next"), ("click", "#fk-nej"), ("click", "[data-step=fk] .guide-next"),
            ("click", "#social-nej"), ("click", "[data-step=social] .guide-next"),
            ".guide-outcome"],
        "Skriv ut Värmlands checklista för läkare": [
            ("click", ".sd-card:has-text('Checklista att skriva ut')"), ("select", "#cl-region", "varmland"),
            ("click", "[data-guide=checklista] .guide-next"), ("click", ".guide-print"),
            "#checklista-varmland-avstamningsmote-lakare"],
    },
    "fore": {
        "Be Försäkringskassan om ett möte i min region (Värmland)": [
            ("click", ".sd-card:has-text('Får jag be om ett möte?')"), ("click", "label.sd-tab-label:has-text('Värmland')"),
            "div.sd-tab-content >> nth=1"],
        "Arvodet för 75 minuter": [
            ("click", ".sd-card:has-text('Hur mycket betalas?')"), "table.fee-table tr:has-text('61–90')"],
        "Samtycke när arbetsgivaren är med": [
            ("click", ".sd-card:has-text('Vad ska samtycket omfatta?')"), "table.consent-table tr:has-text('Arbetsgivaren') >> nth=0"],
        "Mötesform för sjukdag 40 med arbetsgivaren, utan samordning från FK": [
            ("click", ".sd-card:has-text('Vilken mötesform passar?')"), "table.decision-table tr:has-text('bara arbetsgivaren') >> nth=1"],
        "Skriv ut Värmlands checklista för läkare": [
            ("click", ".sd-card:has-text('Checklista att skriva ut')"), ("click", "table.routine-list a:has-text('Region Värmland')"),
            ("click", "#checklista-varmland-avstamningsmote-lakare a:has-text('Skriv ut bara den här checklistan')"),
            ("click", "print"),  # Ctrl+P: the page has no print button
            "#checklista-varmland-avstamningsmote-lakare"],
    },
}


def run(site: Path, flows: str) -> list[dict]:
    from playwright.sync_api import sync_playwright

    server, base = serve(site)
    results = []
    with sync_playwright() as p:
        browser = launch(p)
        for task, steps in FLOWS[flows].items():
            context = browser.new_context(viewport=VIEWPORT)
            page = context.new_page()
            page.goto(f"{base}/handbook/index.html")
            taps = 0
            for step in steps[:-1]:
                taps += 1
                if step[1] == "print":
                    continue
                if step[0] == "click":
                    if step[1] == ".guide-print":  # the print dialog would block the run
                        page.evaluate("window.print = () => {}")
                    page.click(step[1])
                elif step[0] == "fill":
                    page.fill(step[1], step[2])
                else:
                    page.select_option(step[1], step[2])
                page.wait_for_load_state("load")
            box = page.locator(steps[-1]).first.bounding_box()
            visible = box is not None and 0 <= box["y"] < VIEWPORT["height"]
            results.append({"uppgift": task, "tryck": taps, "svaret_syns_utan_rullning": visible,
                            "svarets_överkant_px": round(box["y"]) if box else None})
            context.close()
        browser.close()
    server.shutdown()
    return results


def guide_sizes(site: Path) -> dict[str, int]:
    """Per guided page: its answers (the JSON block) and guide.js, gzipped, in bytes (target <= 40 KB)."""
    import gzip
    import re

    script = gzip.compress((site / "_static" / "guide.js").read_bytes())
    sizes = {}
    for page in sorted((site / "handbook" / "svar").glob("*.html")):
        data = re.search(r'<script type="application/json"[^>]*>(.*?)</script>', page.read_text(encoding="utf-8"), re.S)
        sizes[page.stem] = len(gzip.compress(data.group(1).encode("utf-8"))) + len(script) if data else 0
    return sizes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", nargs="?", type=Path)
    ap.add_argument("--flows", choices=sorted(FLOWS), default="efter")
    args = ap.parse_args(argv)
    site = args.site
    if site is None:
        subprocess.run(["make", "html"], cwd=ROOT, check=True)
        site = ROOT / "_build" / "html"
    results = run(site, args.flows)
    for r in results:
        shown = "ja" if r["svaret_syns_utan_rullning"] else f"nej (överkant {r['svarets_överkant_px']} px)"
        print(f"{r['uppgift']}: {r['tryck']} tryck, svaret syns utan rullning: {shown}")
    if args.flows == "efter":
        for name, size in guide_sizes(site).items():
            print(f"Frågeguiden {name}: svarsdata och skript {size / 1024:.1f} KB gzip (mål högst 40 KB)")
    out = ROOT / "_build" / f"uppgifter-{args.flows}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
