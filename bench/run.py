"""`make bench`: one table of timings, each the median of several runs, with
the ratio to a reference measured in the same run on the same machine.

Nothing here asserts: the table is for people (bench/README.md records it).
"""

from __future__ import annotations

import io
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

RUNS = int(os.environ.get("BENCH_RUNS", "7"))


@dataclass
class Row:
    name: str
    ours: float  # seconds (or MiB for memory)
    reference: float
    reference_name: str
    target: str
    unit: str = "ms"

    @property
    def ratio(self) -> float:
        return self.ours / self.reference if self.reference else float("nan")


def median_time(fn: Callable[[], object], runs: int = RUNS, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def bench_export(template, draft) -> Row:
    from docxtpl import DocxTemplate
    from stress import paragraphs_of

    from fulian_desktop.core.compose.composer import compose
    from fulian_desktop.render.docx import docx_bytes

    paragraphs = paragraphs_of(template, draft)
    import docx

    skeleton = docx.Document()
    skeleton.add_paragraph("{%p for p in paragraphs %}")
    skeleton.add_paragraph("{{ p }}")
    skeleton.add_paragraph("{%p endfor %}")
    buffer = io.BytesIO()
    skeleton.save(buffer)
    skeleton_bytes = buffer.getvalue()

    def reference() -> None:
        tpl = DocxTemplate(io.BytesIO(skeleton_bytes))
        tpl.render({"paragraphs": paragraphs})
        tpl.save(io.BytesIO())

    def ours() -> None:
        docx_bytes(compose(template, draft))

    return Row(
        "export of the stress draft (compose + DOCX)",
        median_time(ours),
        median_time(reference),
        "docxtpl, one-loop template, same paragraphs",
        "≤ 1× (2× = regression)",
    )


def bench_validation(template, draft) -> Row:
    from fulian_desktop.core.check.validate import validate
    from fulian_desktop.core.text.textstats import word_count

    field_id = next(
        spec.id
        for _, spec in template.all_fields()
        if spec.kind == "longtext" and draft.text(spec.id)
    )
    base = draft.text(field_id)
    counter = iter(range(10**9))

    def ours() -> None:  # one keystroke, then a full validation
        draft.values[field_id] = base + "字" * (next(counter) % 3)
        validate(template, draft)

    def reference() -> None:  # the floor: count every text once
        for value in draft.values.values():
            if isinstance(value, str):
                word_count(value)
            else:
                for item in value:
                    for text in item.values():
                        word_count(text)

    row = Row(
        "validation after one keystroke",
        median_time(ours, runs=max(RUNS, 21)),
        median_time(reference, runs=max(RUNS, 21)),
        "counting every text's 字数 once",
        "≤ 5 ms",
    )
    draft.values[field_id] = base
    return row


def bench_autosave(draft) -> Row:
    import sqlite3

    from fulian_desktop.paths import app_paths
    from fulian_desktop.storage.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["FULIAN_HOME"] = tmp
        with Store(app_paths()) as store:
            info = store.create(draft)
            counter = iter(range(10**9))
            base = draft.unit.name

            def ours() -> None:
                draft.unit.name = f"{base}{next(counter)}"
                store.save(info.id, draft, kind="autosave")

            ours_t = median_time(ours, runs=max(RUNS, 21))
            draft.unit.name = base
        raw = sqlite3.connect(Path(tmp) / "raw.sqlite3", isolation_level=None)
        raw.execute("PRAGMA journal_mode=WAL")
        raw.execute("PRAGMA synchronous=FULL")
        raw.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)")
        payload = draft.canonical_json()

        def reference() -> None:
            raw.execute("BEGIN")
            raw.execute("INSERT INTO t (body) VALUES (?)", (payload,))
            raw.execute("COMMIT")

        ref_t = median_time(reference, runs=max(RUNS, 21))
        raw.close()
    return Row(
        "autosave: one revision of the stress draft",
        ours_t,
        ref_t,
        "bare SQLite INSERT of the same JSON (WAL, synchronous=FULL)",
        "≤ 10 ms",
    )


ROW_COUNTS = tuple(int(n) for n in os.environ.get("BENCH_ROWS", "1000,10000").split(","))


def bench_rows() -> list[Row]:
    """Export and validation at each row count against the smallest, for a
    group printed as paragraphs and one printed as a table: linear growth
    shows as a ratio equal to the row ratio (10× for 1k → 10k rows)."""
    from stress import ROW_GROUPS, rows_draft

    from fulian_desktop.core.check.validate import validate
    from fulian_desktop.core.compose.composer import compose
    from fulian_desktop.render.docx import docx_bytes

    steps = {
        "export": lambda t, d: docx_bytes(compose(t, d)),
        "validation": validate,
    }
    base_n, *larger = ROW_COUNTS
    runs = max(3, RUNS // 2)  # a 10k-row export takes seconds
    rows = []
    for kind in ROW_GROUPS:
        drafts = {n: rows_draft(n, kind) for n in ROW_COUNTS}
        for name, step in steps.items():
            times = {n: median_time(partial(step, *drafts[n]), runs=runs) for n in ROW_COUNTS}
            for n in larger:
                rows.append(
                    Row(
                        f"{name} of a draft with {n:,} {kind} rows",
                        times[n],
                        times[base_n],
                        f"the same with {base_n:,} rows",
                        f"≈ {n / base_n:.0f}× (linear; {(n / base_n) ** 2:.0f}× = quadratic)",
                    )
                )
    return rows


def print_table(rows: list[Row]) -> None:
    print(
        f"\nfulian-desktop benchmarks — median of {RUNS}+ runs — {platform.platform()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}\n"
    )
    print("| benchmark | ours | reference | ratio | target |")
    print("|---|---:|---:|---:|---|")
    for row in rows:
        scale = 1000 if row.unit == "ms" else 1
        print(
            f"| {row.name} | {row.ours * scale:.1f} {row.unit} | {row.reference * scale:.1f} {row.unit} "
            f"({row.reference_name}) | {row.ratio:.2f}× | {row.target} |"
        )


def main() -> None:
    import import_bench
    import scoresheet_bench
    import ui_bench
    from stress import stress_draft

    template, draft = stress_draft()
    rows = [
        *ui_bench.process_rows(),
        bench_export(template, draft),
        bench_validation(template, draft),
        *ui_bench.window_rows(template, draft),
        bench_autosave(draft),
        *import_bench.import_rows(Row, median_time, RUNS),
        scoresheet_bench.bench_scoresheet(Row, median_time, RUNS),
        *scoresheet_bench.window_rows(Row, median_time, RUNS),
        *bench_rows(),
    ]
    print_table(rows)


if __name__ == "__main__":
    main()
