"""Search ranking: the site's own search against stock Material and Pagefind, on the same built site.

Engines, each on a copy of one built site (so each searches exactly the same pages):
- ours: the site as built, Material's search with overrides/hooks/search.js;
- stock: the same pages and the same index, searched with the installed Material's own
  lunr.vi.min.js (search.js not appended): what Material alone makes of them;
- Pagefind (from npm), indexing the same pages with its defaults.

Query sets (tests/searching.py): the tuning set (tests/search_ranking.json), the frozen test set
(tests/search_test_set.json), and with `--fresh PATH` (repeatable) sets written by someone who saw
none of the others.
Each query is typed key by key into the site's search box in Chromium (Pagefind: asked through
its JavaScript API on a page of the same language). Reported per set, engine and language: the
mean reciprocal rank of the expected page (0 when it is not found), how many queries have it
first (hit@1) and in the top three (hit@3), how many find nothing, and how many results lead
to the other language's pages; also what each engine makes a reader download for a first
query and how long that query takes on a freshly opened page.

Part of `make bench` (scripts/bench.py); alone: `.venv/bin/python scripts/search_bench.py [SITE]
[--fresh PATH] [--sets tuning,test]` measures a built site (default: the working tree's site/,
from `make site`). `--quick` runs ours and stock only, in Node (tests/js/search_worker.cjs runs
the site's own worker, each query entered whole): seconds instead of minutes, for tuning; the
tables of record are typed in Chromium.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from searching import (  # noqa: E402
    RANKING,
    TEST_SET,
    pagefind_search,
    rank,
    ranking_cases,
    result_pages,
    tuned_on,
    type_search,
    wrong_language,
)
from support import CHROMIUM, CHROMIUM_ARGS, node_tool  # noqa: E402

COLD_RUNS = 9
COLD_QUERY = "đất hiếm"  # with its marks: stock Material finds nothing for "dat hiem"
ENGINES = {"ours": "ours (lunr + search.js)", "stock": "stock Material", "pagefind": "Pagefind"}
LANGUAGES = {"": "vi", "en/": "en"}
LUNR_VI = Path("assets/javascripts/lunr/min/lunr.vi.min.js")
# What each engine loads to search (the index and its scripts), by URL.
SEARCHING_FILES = {
    "ours": r"/(search/search_index\.json|assets/javascripts/(workers|lunr)/)",
    "stock": r"/(search/search_index\.json|assets/javascripts/(workers|lunr)/)",
    "pagefind": r"/pagefind/",
}


def query_sets(fresh: list[Path] | None = None) -> dict[str, Path]:
    """The sets by name: tuning, test, then each fresh set given ("fresh", "fresh-2", …)."""
    named = {("fresh" if n == 1 else f"fresh-{n}"): path for n, path in enumerate(fresh or (), start=1)}
    return {"tuning": RANKING, "test": TEST_SET} | named


def with_pagefind(site: Path, work: Path) -> Path:
    """A copy of the site with a Pagefind index of its pages (404 pages left out, as a reader
    never searches for them), Pagefind's defaults otherwise."""
    copy = work / "site-with-pagefind"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(site, copy)
    subprocess.run(
        [str(node_tool(".bin", "pagefind")), "--site", str(copy), "--glob", "**/index.html"],
        check=True,
        capture_output=True,
    )
    return copy


def with_stock_material(site: Path, work: Path) -> Path:
    """A copy of the site whose lunr.vi.min.js is the installed Material's own, as Material ships
    it: the same pages and index, without search.js. Only ever a benchmark's scratch copy."""
    import material

    copy = work / "site-stock"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(site, copy)
    shutil.copyfile(Path(material.__file__).parent / "templates" / LUNR_VI, copy / LUNR_VI)
    return copy


def outcome(hrefs: list[str], case) -> dict:
    pages = result_pages(hrefs, case.start)
    return {"pages": pages, "rank": rank(pages, case.page), "wrong": wrong_language(hrefs, case.start)}


def rankings(page, bases: dict[str, str], sets: dict[str, Path]) -> list[dict]:
    """Every query of every set, asked of every engine in Chromium."""
    rows = []
    for name, path in sets.items():
        for case in ranking_cases(path):
            row = {"set": name, "start": case.start, "query": case.query, "kind": case.kind, "page": case.page}
            for engine, base in bases.items():
                if engine == "pagefind":
                    hrefs = pagefind_search(page, base, case.start, case.typed)
                else:
                    hrefs = type_search(page, base, case.start, case.typed)
                row[engine] = outcome(hrefs, case)
            rows.append(row)
    return rows


def quick_rankings(sites: dict[str, Path], sets: dict[str, Path]) -> list[dict]:
    """Every query of every set, asked of the sites' own search workers in Node, whole."""
    cases = [(name, case) for name, path in sets.items() for case in ranking_cases(path)]
    rows = [
        {"set": name, "start": case.start, "query": case.query, "kind": case.kind, "page": case.page}
        for name, case in cases
    ]
    for engine, site in sites.items():
        for start in LANGUAGES:
            asked = [(row, case) for row, (_, case) in zip(rows, cases, strict=True) if case.start == start]
            run = subprocess.run(
                ["node", str(ROOT / "tests" / "js" / "search_worker.cjs"), str(site), start or "."],
                input=json.dumps({"queries": [case.typed for _, case in asked]}),
                capture_output=True,
                text=True,
                check=True,
            )
            results = json.loads(run.stdout)["results"]
            for (row, case), groups in zip(asked, results, strict=True):
                hrefs = ["/" + start + location for group in groups for location, _score in group]
                row[engine] = outcome(hrefs, case)
    return rows


def summary(rows: list[dict], engines) -> dict:
    """Per set, engine and language: MRR, hit@1, hit@3, queries with no result, results in the
    other language."""
    out: dict = {}
    for name in dict.fromkeys(row["set"] for row in rows):
        for engine in engines:
            for start, lang in LANGUAGES.items():
                found = [row[engine] for row in rows if row["set"] == name and row["start"] == start]
                ranks = [f["rank"] for f in found]
                out.setdefault(name, {}).setdefault(engine, {})[lang] = {
                    "queries": len(found),
                    "mrr": statistics.mean(1 / r if r else 0 for r in ranks) if ranks else 0.0,
                    "hit1": sum(1 for r in ranks if r == 1),
                    "hit3": sum(1 for r in ranks if r and r <= 3),
                    "zero": sum(1 for f in found if not f["pages"]),
                    "wrong": sum(f["wrong"] for f in found),
                }
    return out


# Timed inside the page, as the reader sees it: from the first input event the search box gets
# (the query typed) to the first result item in the document. Timing from the test's side, as
# this bench first did, added two round trips to the browser (waiting for the item, then asking
# for the time) that were most of what it measured: 100-150 ms of a 150 ms reading, where the
# page itself showed the result 40-60 ms after the input (checked with the worker's own timings).
TIME_FIRST_RESULT = """
window.__cold = {};
document.addEventListener("input", (event) => {
  if (window.__cold.typed === undefined) window.__cold.typed = event.timeStamp;
}, true);
new MutationObserver(() => {
  if (window.__cold.shown === undefined && document.querySelector(".md-search-result__item"))
    window.__cold.shown = performance.now();
}).observe(document, { childList: true, subtree: true });
"""


def cold_first_query(browser, bases: dict[str, str], sites: dict[str, Path], size) -> dict:
    """Milliseconds from a first query on a freshly opened page to its first result, and what
    the engine loaded for it (the files' sizes as a static host sends them, `size(path)`). Lunr
    (ours, stock): the whole query entered at once, from its input event to the first result in
    the page (TIME_FIRST_RESULT; the index loads with the page); Pagefind: its API's search and
    the first result's data. The engines take turns, run by run, so that whatever else the
    machine does weighs on each alike."""
    times: dict[str, list[float]] = {engine: [] for engine in bases}
    files: dict[str, set[str]] = {engine: set() for engine in bases}
    for _ in range(COLD_RUNS):
        for engine, base in bases.items():
            context = browser.new_context()
            context.add_init_script(TIME_FIRST_RESULT)
            page = context.new_page()
            page.on("request", lambda r, urls=files[engine]: urls.add(r.url))
            page.goto(base, wait_until="load")
            if engine == "pagefind":
                times[engine].append(
                    page.evaluate(
                        """async ([module, query]) => {
                        const start = performance.now();
                        const pagefind = await import(module);
                        const search = await pagefind.search(query);
                        await search.results[0].data();
                        return performance.now() - start;
                    }""",
                        [base + "pagefind/pagefind.js", COLD_QUERY],
                    )
                )
            else:
                page.locator("input.md-search__input").click()
                page.keyboard.insert_text(COLD_QUERY)
                page.keyboard.press("End")
                page.locator(".md-search-result__item").first.wait_for()
                times[engine].append(page.evaluate("window.__cold.shown - window.__cold.typed"))
            page.wait_for_load_state("networkidle")
            context.close()
    out = {}
    for engine, base in bases.items():
        paths = {
            sites[engine] / url.removeprefix(base).split("?")[0]
            for url in files[engine]
            if re.search(SEARCHING_FILES[engine], url)
        }
        out[engine] = {"ms": statistics.median(times[engine]), "bytes": sum(size(p) for p in paths if p.is_file())}
    return out


def measure(site: Path, fresh: list[Path] | None = None, only: list[str] | None = None) -> dict:
    """Rankings and costs of every engine on a built site (copies for stock Material and Pagefind)."""
    from playwright.sync_api import sync_playwright

    from bench import served, transfer_size  # the benchmark's static host (gzip), and its sizes

    sets = {name: path for name, path in query_sets(fresh).items() if not only or name in only}
    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
        work = Path(tmp)
        sites = {"ours": site, "stock": with_stock_material(site, work), "pagefind": with_pagefind(site, work)}
        servers = {engine: served(copy) for engine, copy in sites.items()}
        bases = {engine: base for engine, (_, base) in servers.items()}
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                rows = rankings(context.new_page(), bases, sets)
                context.close()
                cold = cold_first_query(browser, bases, sites, transfer_size)
                browser.close()
        finally:
            for server, _ in servers.values():
                server.shutdown()
    return described(sets) | {"rows": rows, "summary": summary(rows, ENGINES), "cold": cold}


def measure_quick(site: Path, fresh: list[Path] | None = None, only: list[str] | None = None) -> dict:
    sets = {name: path for name, path in query_sets(fresh).items() if not only or name in only}
    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
        rows = quick_rankings({"ours": site, "stock": with_stock_material(site, Path(tmp))}, sets)
    return described(sets) | {"rows": rows, "summary": summary(rows, ("ours", "stock"))}


def described(sets: dict[str, Path]) -> dict:
    """The sets measured, by name: each one's file, and which of them the ranking was tuned on."""
    return {"sets": {k: str(v) for k, v in sets.items()}, "tuned": [k for k, v in sets.items() if tuned_on(v)]}


COLD_BUDGET_MS = 150
LOADED_BUDGET = 40_000


def budgets(result: dict) -> list[tuple[str, str, bool]]:
    """Issue #22's: on every set not tuned on (its file has no "tuned_on": the tuning set, and a
    fresh set whose misses have led to a change, are reported but hold no budget), in each
    language, ours ahead of stock Material and Pagefind on MRR and on hit@3 (a tie at every query
    counts as ahead: nothing is left to win), no result in the other language; a cold first
    query within 150 ms, loading at most 40 KB."""
    rows = []
    for name, by_engine in result["summary"].items():
        if name in result["tuned"]:
            continue
        for lang, ours in by_engine["ours"].items():
            if not ours["queries"]:
                continue  # a set may hold one language only
            for other in ("stock", "pagefind"):
                theirs = by_engine[other][lang]
                rows.append(
                    (
                        f"search ({name}, {lang}): MRR above {ENGINES[other]}'s",
                        f"{ours['mrr']:.3f} against {theirs['mrr']:.3f}",
                        ours["mrr"] > theirs["mrr"],
                    )
                )
                rows.append(
                    (
                        f"search ({name}, {lang}): hit@3 above {ENGINES[other]}'s",
                        f"{ours['hit3']} against {theirs['hit3']} of {ours['queries']}",
                        ours["hit3"] > theirs["hit3"] or ours["hit3"] == ours["queries"],
                    )
                )
    wrong = sum(s["wrong"] for by_engine in result["summary"].values() for s in by_engine["ours"].values())
    rows.append(("search: results in the other language (ours, every set)", str(wrong), wrong == 0))
    cold = result["cold"]["ours"]
    within = cold["ms"] <= COLD_BUDGET_MS
    rows.append((f"search: first query, cold ≤ {COLD_BUDGET_MS} ms", f"{cold['ms']:.0f} ms", within))
    rows.append(
        (
            f"search: loaded for it ≤ {LOADED_BUDGET // 1000} KB compressed",
            f"{cold['bytes'] / 1000:.1f} KB",
            cold["bytes"] <= LOADED_BUDGET,
        )
    )
    return rows


def label(page: str) -> str:
    return re.sub(r"^sources/[^/]+$", "source text", page.rstrip("/")) or "home"


def report(result: dict, details: bool = True) -> None:
    engines = [engine for engine in ENGINES if engine in result["summary"][next(iter(result["summary"]))]]
    for name, by_engine in result["summary"].items():
        rows = [row for row in result["rows"] if row["set"] == name]
        if details:
            seen = " — tuned on: reported, no budget" if name in result["tuned"] else ""
            print(f"\n`{name}` set ({result['sets'][name]}{seen}):\n")
            head = "| query | kind | expected | " + " | ".join(f"{ENGINES[e]}: top 3 | rank" for e in engines) + " |"
            print(head + "\n| --- | --- | --- |" + " --- | ---: |" * len(engines))
            for row in rows:
                query = f"{row['start']}: {row['query']}" if row["start"] else row["query"]
                cells = [f"`{query}`", row["kind"], label(row["page"])]
                for engine in engines:
                    found = row[engine]
                    cells += [", ".join(label(p) for p in found["pages"][:3]) or "(nothing)", str(found["rank"] or "–")]
                print("| " + " | ".join(cells) + " |")
        print(
            f"\n| `{name}` set | language | queries | MRR | hit@1 | hit@3 | no result | other language |\n"
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
        )
        for engine in engines:
            for lang, s in by_engine[engine].items():
                print(
                    f"| {ENGINES[engine]} | {lang} | {s['queries']} | {s['mrr']:.3f} | {s['hit1']} | {s['hit3']} | "
                    f"{s['zero']} | {s['wrong']} |"
                )
    if "cold" in result:
        print("\n| engine | first query, cold | loaded for it, compressed |\n| --- | ---: | ---: |")
        for engine, cold in result["cold"].items():
            print(f"| {ENGINES[engine]} | {cold['ms']:.0f} ms | {cold['bytes'] / 1000:.1f} KB |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", type=Path, default=ROOT / "site")
    parser.add_argument(
        "--fresh", type=Path, action="append", help="a query set written by someone who saw none of ours (repeatable)"
    )
    parser.add_argument("--sets", help="only these sets, comma-separated (tuning, test, fresh, fresh-2, …)")
    parser.add_argument("--quick", action="store_true", help="ours and stock only, in Node: for tuning")
    parser.add_argument("--summary", action="store_true", help="the summary tables only, not every query")
    args = parser.parse_args()
    if not (args.site / "search" / "search_index.json").exists():
        print(f"{args.site} holds no built site: run `make site` first, or name a built site.", file=sys.stderr)
        return 2
    only = args.sets.split(",") if args.sets else None
    unknown = set(only or ()) - set(query_sets(args.fresh))
    if unknown:
        parser.error(f"no query set {', '.join(sorted(unknown))} (tuning, test, and fresh, fresh-2, … with --fresh)")
    result = (measure_quick if args.quick else measure)(args.site, args.fresh, only)
    report(result, details=not args.summary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
