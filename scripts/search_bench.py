"""Search ranking: the site's own search against Pagefind, side by side on the same built site.

Every query of tests/search_ranking.json is typed key by key into the site's search box in
Chromium, as a reader types it, and asked of Pagefind (from npm, indexing a copy of the same
site) through its JavaScript API on a page of the same language. Reported per engine: the top
three pages of every query, the mean reciprocal rank of the expected page (0 when it is not
found) and how many queries have it in the top three; also what each engine makes a reader
download and how long a first query takes on a freshly opened page.

Part of `make bench` (scripts/bench.py); alone: `.venv/bin/python scripts/search_bench.py [SITE]`
measures a built site (default: the working tree's site/, from `make site`).
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from searching import pagefind_search, rank, ranking_cases, result_pages, type_search  # noqa: E402
from support import CHROMIUM, CHROMIUM_ARGS, node_tool  # noqa: E402

COLD_RUNS = 5
COLD_QUERY = "dat hiem"


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


def rankings(page, base: str) -> list[dict]:
    rows = []
    for case in ranking_cases():
        ours = result_pages(type_search(page, base, case.start, case.typed), case.start)
        theirs = pagefind_search(page, base, case.start, case.typed)
        rows.append(
            {
                "start": case.start,
                "query": case.query,
                "kind": case.kind,
                "page": case.page,
                "ours": ours,
                "ours_rank": rank(ours, case.page),
                "pagefind": theirs,
                "pagefind_rank": rank(theirs, case.page),
            }
        )
    return rows


def summary(rows: list[dict], engine: str) -> dict:
    ranks = [row[f"{engine}_rank"] for row in rows]
    return {
        "mrr": statistics.mean(1 / r if r else 0 for r in ranks),
        "top3": sum(1 for r in ranks if r and r <= 3),
        "queries": len(ranks),
    }


def cold_first_query(browser, base: str, site: Path, size) -> dict:
    """Milliseconds from a first query on a freshly opened page to its first result, and what
    the engine loaded for it (the files' sizes as a static host sends them, `size(path)`). Ours:
    the whole query entered at once, to the first result shown (the index loads with the page);
    Pagefind: its API's search and the first result's data."""
    out = {"ours": [], "pagefind": []}
    files: dict[str, set] = {"ours": set(), "pagefind": set()}
    for engine in out:
        for _ in range(COLD_RUNS):
            context = browser.new_context()
            page = context.new_page()
            page.on("request", lambda r, engine=engine: files[engine].add(r.url))
            page.goto(base, wait_until="load")
            if engine == "ours":
                page.locator("input.md-search__input").click()
                start = page.evaluate("performance.now()")
                page.keyboard.insert_text(COLD_QUERY)
                page.keyboard.press("End")
                page.locator(".md-search-result__item").first.wait_for()
                out[engine].append(page.evaluate("performance.now()") - start)
            else:
                out[engine].append(
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
            page.wait_for_load_state("networkidle")
            context.close()
    searching_files = {
        "ours": r"/(search/search_index\.json|assets/javascripts/(workers|lunr)/)",
        "pagefind": r"/pagefind/",
    }
    loaded = {}
    for engine, urls in files.items():
        paths = {site / url.removeprefix(base).split("?")[0] for url in urls if re.search(searching_files[engine], url)}
        loaded[engine] = sum(size(path) for path in paths if path.is_file())
    return {engine: {"ms": statistics.median(times), "bytes": loaded[engine]} for engine, times in out.items()}


def measure(site: Path) -> dict:
    """Rankings and costs of both engines on a built site (a copy is indexed by Pagefind)."""
    from playwright.sync_api import sync_playwright

    from bench import served, transfer_size  # the benchmark's static host (gzip), and its sizes

    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
        copy = with_pagefind(site, Path(tmp))
        server, base = served(copy)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                rows = rankings(context.new_page(), base)
                context.close()
                cold = cold_first_query(browser, base, copy, transfer_size)
                browser.close()
        finally:
            server.shutdown()
    return {"rows": rows, "ours": summary(rows, "ours"), "pagefind": summary(rows, "pagefind"), "cold": cold}


def label(page: str) -> str:
    return re.sub(r"^sources/[^/]+$", "source text", page.rstrip("/")) or "home"


def report(result: dict) -> None:
    print(
        "\n| query | kind | expected | ours: top 3 | rank | Pagefind: top 3 | rank |\n"
        "| --- | --- | --- | --- | ---: | --- | ---: |"
    )
    for row in result["rows"]:
        query = f"{row['start']}: {row['query']}" if row["start"] else row["query"]
        cells = [f"`{query}`", row["kind"], label(row["page"])]
        for engine in ("ours", "pagefind"):
            cells += [", ".join(label(p) for p in row[engine][:3]) or "(nothing)", str(row[f"{engine}_rank"] or "–")]
        print("| " + " | ".join(cells) + " |")
    print(
        "\n| engine | mean reciprocal rank | expected page in top 3 | first query, cold | loaded for it |\n"
        "| --- | ---: | ---: | ---: | ---: |"
    )
    for engine, name in (("ours", "ours (lunr + extension)"), ("pagefind", "Pagefind")):
        s, cold = result[engine], result["cold"][engine]
        print(
            f"| {name} | {s['mrr']:.2f} | {s['top3']} / {s['queries']} | {cold['ms']:.0f} ms | "
            f"{cold['bytes'] / 1000:.0f} KB |"
        )


def main() -> int:
    site = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "site"
    if not (site / "search" / "search_index.json").exists():
        print(f"{site} holds no built site: run `make site` first, or name a built site.", file=sys.stderr)
        return 2
    report(measure(site))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
