"""Warehouse build benchmark: full and nightly dbt builds of a synthetic corpus against the scan floor.

Lands a synthetic corpus (bench/corpus.py) through the real landing path into a temporary
DANVAN_DATA_DIR, then measures on this machine:

1. the scan floor: one DuckDB pass that reads all landed text with a single regular expression;
2. the full build (`dbt build --full-refresh` via danvan.transform.build), and its ratio to the scan
   floor (target ≤ 15×);
3. the nightly build after 1,000 new articles are landed on top, and its ratio to the full build
   (target ≤ 10%), a build with nothing new (the fixed cost every nightly build pays), and a dbt build
   of a one-model project (the least any dbt build takes, whatever the project);
4. the peak resident memory of each build process (target ≤ 4 GiB).

Each build runs in a child process of its own, so its peak RSS is its own; dbt's per-node timings
(run_results.json) show where the build's time goes.

    .venv/bin/python bench/warehouse.py [--articles 100000] [--new-articles 1000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import SyntheticArticle, synthetic_articles
from danvan.imports import ImportedDocument, landed_page
from danvan.paths import PROJECT_ROOT, DataDir
from danvan.settings import FACT_TABLES
from scrapers.land import ensure_landing_zone, land_partition

BATCH = 5_000
SCAN_FLOOR_REGEX = r"đối thoại|tiếp công dân|khiếu nại|tố cáo|bằng khen|dân vận khéo"
FULL_BUILD_RATIO_TARGET = 15.0
INCREMENTAL_SHARE_TARGET = 0.10
PEAK_RSS_TARGET = 4 * 1024**3

CHILD_BUILD = """
import json, sys, time
from pathlib import Path
from danvan.paths import DataDir
from danvan.transform import build
data = DataDir(Path(sys.argv[1]))
started = time.perf_counter()
result = build(data, full_refresh=sys.argv[2] == "full")
Path(sys.argv[3]).write_text(json.dumps({"seconds": time.perf_counter() - started, "nodes": result.nodes}))
"""


# The least a dbt build costs on this machine: dbt's import, a partial parse and one trivial model.
CHILD_MINIMAL_BUILD = """
import sys, time
started = time.perf_counter()
from dbt.cli.main import dbtRunner
args = ["build", "--quiet", "--project-dir", sys.argv[1], "--profiles-dir", sys.argv[1]]
if not dbtRunner().invoke(args).success:
    sys.exit("the one-model build failed")
print(time.perf_counter() - started)
"""
MINIMAL_PROJECT = {
    "dbt_project.yml": "name: minimal\nversion: '1.0'\nconfig-version: 2\nprofile: minimal\n",
    "profiles.yml": "minimal:\n  target: duckdb\n  outputs:\n    duckdb:\n      type: duckdb\n"
    "      path: '{root}/minimal.duckdb'\n      threads: 1\n",
    "models/one.sql": "select 1 as one\n",
}


@dataclass(frozen=True)
class Landed:
    articles: int
    kinds: Counter
    text_bytes: int
    partitions: int


@dataclass(frozen=True)
class BuildRun:
    seconds: float  # danvan.transform.build, as timed inside the build process
    process_seconds: float  # the whole process: interpreter, imports, build
    cpu_seconds: float  # user + system time of the build process; well below `process_seconds` when the
    # machine was busy with other work
    peak_rss: int  # bytes
    nodes: int
    node_seconds: dict[str, float]


def document(article: SyntheticArticle) -> ImportedDocument:
    return ImportedDocument(
        url=article.url,
        source=article.source,
        title=article.title,
        published_at=article.published_at,
        text=article.text,
        html=None,
    )


def land_batch(root: str, start: int, count: int, interval: str) -> Landed:
    """Generate articles start … start+count-1 and land them as `danvan import-docs` would, one partition
    per source."""
    data = DataDir(Path(root))
    by_source: dict[str, list] = {}
    kinds: Counter = Counter()
    text_bytes = 0
    for article in synthetic_articles(count, start):
        by_source.setdefault(article.source, []).append(landed_page(document(article)))
        kinds[article.kind] += 1
        text_bytes += len(article.text.encode("utf-8"))
    for source, pages in sorted(by_source.items()):
        land_partition(data, source, interval, pages)
    return Landed(count, kinds, text_bytes, len(by_source))


def land_corpus(data: DataDir, start: int, count: int, label: str) -> Landed:
    """Land `count` articles in batches of BATCH, generated and landed in parallel (one batch a process)."""
    ensure_landing_zone(data)
    batches = [(i, min(BATCH, start + count - i)) for i in range(start, start + count, BATCH)]
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        results = list(
            pool.map(
                land_batch,
                [str(data.root)] * len(batches),
                [first for first, _ in batches],
                [size for _, size in batches],
                [f"{label}-{first // BATCH:04d}" for first, _ in batches],
            )
        )
    return Landed(
        sum(r.articles for r in results),
        sum((r.kinds for r in results), Counter()),
        sum(r.text_bytes for r in results),
        sum(r.partitions for r in results),
    )


def manifest_glob(data: DataDir) -> str:
    return str(data.manifests / "*" / "*" / "*.parquet")


def scan_floor(data: DataDir, repeats: int = 3) -> tuple[float, int]:
    """Best of `repeats` single DuckDB passes counting the articles whose text matches one regex."""
    import duckdb

    sql = (
        f"select count(*) from read_parquet('{manifest_glob(data)}', union_by_name = true) "
        f"where regexp_matches(text, '{SCAN_FLOOR_REGEX}')"
    )
    best, matches = float("inf"), 0
    for _ in range(repeats):
        with duckdb.connect() as con:
            started = time.perf_counter()
            matches = con.execute(sql).fetchone()[0]
            best = min(best, time.perf_counter() - started)
    return best, matches


def node_seconds(data: DataDir) -> dict[str, float]:
    """Execution time of each dbt node of the last run, slowest first."""
    results = json.loads((data.dbt_target / "run_results.json").read_text(encoding="utf-8"))["results"]
    timings = {r["unique_id"].split(".")[2]: float(r["execution_time"]) for r in results}
    return dict(sorted(timings.items(), key=lambda item: -item[1]))


def run_build(data: DataDir, full_refresh: bool) -> BuildRun:
    """One `dbt build` in a child process of its own, so that its peak RSS is its own."""
    outcome = data.root / "bench-build.json"
    log = data.logs / "bench-build.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    mode = "full" if full_refresh else "incremental"
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    started = time.perf_counter()
    with log.open("a", encoding="utf-8") as out:
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD_BUILD, str(data.root), mode, str(outcome)],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    process_seconds = time.perf_counter() - started
    if child.returncode != 0:
        sys.exit(f"{mode} build failed (exit {child.returncode}); see {log}")
    measured = json.loads(outcome.read_text(encoding="utf-8"))
    return BuildRun(
        seconds=measured["seconds"],
        process_seconds=process_seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        peak_rss=usage.ru_maxrss * 1024,  # Linux reports KiB
        nodes=measured["nodes"],
        node_seconds=node_seconds(data),
    )


def minimal_dbt_build(repeats: int = 3) -> float:
    """The best of `repeats` dbt builds of a one-model project, each in a fresh process as every danvan
    build is; the first one parses the project, the others parse partially, as a nightly build does."""
    with tempfile.TemporaryDirectory(prefix="danvan-minimal-dbt-") as root:
        for name, text in MINIMAL_PROJECT.items():
            (Path(root) / name).parent.mkdir(parents=True, exist_ok=True)
            (Path(root) / name).write_text(text.format(root=root), encoding="utf-8")
        env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
        seconds = [
            float(
                subprocess.run(
                    [sys.executable, "-c", CHILD_MINIMAL_BUILD, root],
                    cwd=root,
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout.split()[-1]
            )
            for _ in range(repeats + 1)
        ]
    return min(seconds[1:])


def fact_counts(data: DataDir) -> dict[str, int]:
    import duckdb

    with duckdb.connect(str(data.build_warehouse), read_only=True) as con:
        return {
            table: con.execute(f"select count(*) from marts.{table}").fetchone()[0] for table in FACT_TABLES
        }


def gib(size: int) -> str:
    return f"{size / 1024**3:.2f} GiB"


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def print_nodes(run: BuildRun, top: int = 6) -> None:
    listed = list(run.node_seconds.items())[:top]
    rest = sum(run.node_seconds.values()) - sum(seconds for _, seconds in listed)
    parts = [f"{name} {seconds:.1f}" for name, seconds in listed]
    print(
        f"    slowest nodes (s): {', '.join(parts)}; "
        f"the other {len(run.node_seconds) - len(listed)} {rest:.1f}"
    )
    overhead = run.seconds - sum(run.node_seconds.values())
    print(f"    dbt outside the nodes (parse, compile, start-up): {overhead:.1f} s")


def report_corpus(landed: Landed, seconds: float) -> None:
    shares = ", ".join(f"{kind} {100 * n / landed.articles:.0f}%" for kind, n in sorted(landed.kinds.items()))
    print(
        f"corpus: {landed.articles:,} articles ({shares}), {landed.text_bytes / 1e6:.0f} MB of text, "
        f"{landed.partitions} partitions, generated and landed in {seconds:.1f} s"
    )


def run(data: DataDir, articles: int, new_articles: int) -> None:
    print(
        f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}, "
        f"Python {sys.version.split()[0]}; "
        f"DANVAN_DATA_DIR={data.root}"
    )
    started = time.perf_counter()
    report_corpus(land_corpus(data, 0, articles, "bench"), time.perf_counter() - started)

    floor, matches = scan_floor(data)
    print(
        f"scan floor: {floor:.2f} s  (one DuckDB pass, regexp_matches over all text; "
        f"{matches:,} articles match)"
    )

    full = run_build(data, full_refresh=True)
    facts = fact_counts(data)
    ratio = full.seconds / floor
    print(
        f"full build (dbt build --full-refresh): {full.seconds:.1f} s = {ratio:.1f}× the scan floor "
        f"(target ≤ {FULL_BUILD_RATIO_TARGET:.0f}×: {verdict(ratio <= FULL_BUILD_RATIO_TARGET)}); "
        f"process {full.process_seconds:.1f} s wall, {full.cpu_seconds:.1f} s CPU, {full.nodes} nodes"
    )
    print(
        f"    facts produced: {sum(facts.values()):,} ("
        + ", ".join(f"{table} {n:,}" for table, n in facts.items())
        + f"); {articles / full.seconds:,.0f} articles/s"
    )
    print_nodes(full)

    started = time.perf_counter()
    report_corpus(land_corpus(data, articles, new_articles, "nightly"), time.perf_counter() - started)
    nightly = run_build(data, full_refresh=False)
    share = nightly.seconds / full.seconds
    new_facts = sum(fact_counts(data).values()) - sum(facts.values())
    print(
        f"incremental build (+{new_articles:,} articles): {nightly.seconds:.1f} s = "
        f"{100 * share:.1f}% of the full build (target ≤ {100 * INCREMENTAL_SHARE_TARGET:.0f}%: "
        f"{verdict(share <= INCREMENTAL_SHARE_TARGET)}); process {nightly.process_seconds:.1f} s wall, "
        f"{nightly.cpu_seconds:.1f} s CPU, "
        f"{new_facts:,} new facts"
    )
    print_nodes(nightly)

    idle = run_build(data, full_refresh=False)
    print(
        f"build with nothing new (dbt's fixed cost: start-up, parse, every node and test): "
        f"{idle.seconds:.1f} s = {100 * idle.seconds / full.seconds:.1f}% of the full build, "
        f"{idle.seconds / floor:.1f}× the scan floor"
    )
    print_nodes(idle)

    least = minimal_dbt_build()
    needed = least / INCREMENTAL_SHARE_TARGET
    print(
        f"a dbt build of a one-model project: {least:.1f} s, the least any dbt build takes here; a nightly "
        f"build within {100 * INCREMENTAL_SHARE_TARGET:.0f}% therefore needs a full build of at least "
        f"{needed:.0f} s = {needed / floor:.0f}× the scan floor "
        f"({'compatible' if needed / floor <= FULL_BUILD_RATIO_TARGET else 'incompatible'} with the "
        f"≤ {FULL_BUILD_RATIO_TARGET:.0f}× target)"
    )

    peak = max(full.peak_rss, nightly.peak_rss)
    print(
        f"load average at the end: {os.getloadavg()[1]:.2f} over 5 minutes (other work competes for the CPUs)"
    )
    print(
        f"peak RSS of the build: {gib(peak)} (full {gib(full.peak_rss)}, "
        f"incremental {gib(nightly.peak_rss)}; target ≤ {gib(PEAK_RSS_TARGET)}: "
        f"{verdict(peak <= PEAK_RSS_TARGET)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000, help="articles in the corpus")
    parser.add_argument(
        "--new-articles", type=int, default=1_000, help="articles landed for the nightly build"
    )
    parser.add_argument("--keep", type=Path, help="use this (new or empty) DANVAN_DATA_DIR and keep it")
    args = parser.parse_args()
    if args.keep is not None:
        if args.keep.exists() and any(args.keep.iterdir()):
            sys.exit(f"--keep {args.keep}: the directory is not empty")
        args.keep.mkdir(parents=True, exist_ok=True)
        run(DataDir(args.keep.resolve()), args.articles, args.new_articles)
        return
    root = Path(tempfile.mkdtemp(prefix="danvan-bench-"))
    try:
        run(DataDir(root), args.articles, args.new_articles)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
