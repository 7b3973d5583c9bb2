"""The import off the window's thread: steps, progress, 取消, refusals, responsiveness.

A slow reader is a reader that blocks on a threading.Event until the test
releases it: nothing here waits for a time, only for signals and states.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTimer
from testkit.import_samples import write_text

from fulian_desktop.errors import UserError
from fulian_desktop.importing import readers
from fulian_desktop.importing.importer import read_blocks
from fulian_desktop.ui import import_worker
from fulian_desktop.ui.import_worker import STEPS, UNEXPECTED, Cancelled, prepare
from fulian_desktop.ui.report_import import ImportReportDialog, ReportImport
from fulian_desktop.ui.start_page import StartPage

SAMPLE = "002_zengcheng_2022"


class Gate:
    """Makes one importer step block until ``release()``; ``entered`` once it blocks."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self._open = threading.Event()

    def wrap(self, real):  # noqa: ANN001, ANN201
        def blocking(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            self.entered.set()
            self._open.wait()
            return real(*args, **kwargs)

        return blocking

    def release(self) -> None:
        self._open.set()


@pytest.fixture
def gate() -> Iterator[Gate]:
    g = Gate()
    yield g
    g.release()  # never leave a thread blocked behind a failed assertion


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Which importer functions the worker called, in order."""
    seen: list[str] = []
    for name in ("read_source", "clean_blocks", "guess_template", "import_blocks"):
        real = getattr(import_worker, name)

        def counted(*args, _real=real, _name=name, **kwargs):  # noqa: ANN002, ANN003, ANN202
            seen.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(import_worker, name, counted)
    return seen


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The choice dialog answered with its preselection; the file names it was asked about."""
    names: list[str] = []

    def ask(cls, parent, ctx, prepared, last_year):  # noqa: ANN001, ANN202
        names.append(prepared.name)
        dialog = cls(ctx, prepared.name, prepared.blocks, parent, prepared=prepared)
        dialog.deleteLater()
        return dialog.result()

    monkeypatch.setattr(ImportReportDialog, "ask", classmethod(ask))
    return names


def start(qtbot, ctx, path) -> tuple[StartPage, ReportImport, list[int]]:  # noqa: ANN001
    page = StartPage(ctx)
    qtbot.addWidget(page)
    page.show()
    job = ReportImport(page, str(path), last_year=False)
    steps: list[int] = []
    job.worker.step_started.connect(steps.append)
    job.start()
    return page, job, steps


# -- the steps, without a thread ------------------------------------------------


def test_prepare_runs_the_four_steps_and_reads_what_read_blocks_reads(ctx, tmp_path) -> None:
    path = write_text(SAMPLE, tmp_path)
    steps: list[int] = []
    prepared = prepare(path, ctx.registry.templates(), steps.append)
    assert steps == [0, 1, 2, 3] and len(STEPS) == 4
    # steps 1 and 2 are read_blocks taken apart: the same name and paragraphs
    assert (prepared.name, prepared.blocks) == read_blocks(path)
    assert prepared.guessed is not None and prepared.guessed.id == "gz-dept-overall"
    assert prepared.placed is not None and prepared.placed.template is prepared.guessed
    assert prepared.placed.draft.values["budget_total"] == "749.56"


@pytest.mark.parametrize("stop_at", range(4))
def test_a_cancel_between_steps_runs_no_later_step(ctx, tmp_path, calls, stop_at) -> None:
    def step(index: int) -> None:
        if index == stop_at:
            raise Cancelled

    with pytest.raises(Cancelled):
        prepare(write_text(SAMPLE, tmp_path), ctx.registry.templates(), step)
    order = ["read_source", "clean_blocks", "guess_template", "import_blocks"]
    assert calls == order[:stop_at]


# -- in the window ----------------------------------------------------------------


def test_the_window_stays_responsive_while_a_slow_reader_works(
    qtbot, ctx, tmp_path, monkeypatch, gate, asked, messages, opened
) -> None:
    monkeypatch.setattr(import_worker, "read_source", gate.wrap(readers.read_source))
    page, job, steps = start(qtbot, ctx, write_text(SAMPLE, tmp_path))
    qtbot.waitUntil(gate.entered.is_set)
    assert job.progress.isVisible() and job.worker.isRunning()
    assert job.progress.bar.value() == 0 and "<b>读取文件…</b>" in job.progress.steps.text()
    # the event loop runs while the reader blocks: a timer fires, the page repaints
    ticks: list[int] = []
    QTimer.singleShot(0, lambda: ticks.append(1))
    qtbot.waitUntil(lambda: ticks == [1])
    page.repaint()
    assert job.worker.isRunning() and not job.finished and ctx.store.list_drafts() == []
    with qtbot.waitSignal(job.done) as done:
        gate.release()
    assert steps == [0, 1, 2, 3]
    assert asked == [f"{SAMPLE}.txt"] and not job.progress.isVisible()
    drafts = ctx.store.list_drafts()
    assert [d.id for d in drafts] == done.args == opened
    qtbot.waitUntil(lambda: not job.running)


def test_cancel_while_reading_stops_before_the_next_step_and_stores_nothing(
    qtbot, ctx, tmp_path, monkeypatch, gate, calls, asked, messages
) -> None:
    monkeypatch.setattr(import_worker, "read_source", gate.wrap(import_worker.read_source))
    page, job, steps = start(qtbot, ctx, write_text(SAMPLE, tmp_path))
    qtbot.waitUntil(gate.entered.is_set)
    assert job.progress.cancel_button.text() == "取消"
    with qtbot.waitSignal(job.done) as done:
        job.progress.cancel_button.click()
    assert done.args == [None] and not job.progress.isVisible()  # closes at once
    gate.release()  # the reading ends; the thread sees 取消 before 整理段落
    qtbot.waitUntil(lambda: not job.running)
    assert calls == ["read_source"] and steps == [0]
    assert asked == [] and messages == [] and ctx.store.list_drafts() == []


def test_cancel_while_placing_discards_the_placed_draft(
    qtbot, ctx, tmp_path, monkeypatch, gate, asked, messages
) -> None:
    monkeypatch.setattr(import_worker, "import_blocks", gate.wrap(import_worker.import_blocks))
    page, job, steps = start(qtbot, ctx, write_text(SAMPLE, tmp_path))
    qtbot.waitUntil(gate.entered.is_set)
    qtbot.waitUntil(lambda: job.progress.bar.value() == 3)  # 放入各节 shown
    assert "✓ 匹配提纲" in job.progress.steps.text()
    with qtbot.waitSignal(job.done) as done:
        job.progress.reject()  # Esc / ✕ cancel like the button
    gate.release()
    qtbot.waitUntil(lambda: not job.running)
    assert done.args == [None] and steps == [0, 1, 2, 3]
    assert asked == [] and messages == [] and ctx.store.list_drafts() == []


@pytest.mark.parametrize(
    ("error", "shown"),
    [
        (UserError("文件“报告.pdf”是扫描件，没有可以读取的文字。"), None),
        (RuntimeError("a reader's bug"), UNEXPECTED),
    ],
)
def test_a_refusal_is_one_sentence_in_the_progress_dialog(
    qtbot, ctx, tmp_path, monkeypatch, asked, messages, error, shown
) -> None:
    def refuse(path):  # noqa: ANN001, ANN202
        raise error

    monkeypatch.setattr(import_worker, "read_source", refuse)
    page, job, steps = start(qtbot, ctx, write_text(SAMPLE, tmp_path))
    with qtbot.waitSignal(job.done) as done:
        pass
    qtbot.waitUntil(lambda: not job.running)
    progress = job.progress
    assert done.args == [None] and steps == [0]
    assert progress.isVisible() and progress.message.isVisible()
    assert progress.message.text() == (shown or str(error))
    assert progress.title.text() == "没有导入" and progress.cancel_button.text() == "关闭"
    assert asked == [] and messages == [] and ctx.store.list_drafts() == []
    progress.cancel_button.click()  # 关闭 only closes: nothing to cancel any more
    assert not progress.isVisible() and not job.worker.cancelled


def test_the_dialogs_cancel_stores_nothing(
    qtbot, ctx, tmp_path, monkeypatch, messages, opened
) -> None:
    monkeypatch.setattr(
        ImportReportDialog, "ask", classmethod(lambda cls, parent, c, prepared, last: None)
    )
    page, job, steps = start(qtbot, ctx, write_text(SAMPLE, tmp_path))
    with qtbot.waitSignal(job.done) as done:
        pass
    qtbot.waitUntil(lambda: not job.running)
    assert done.args == [None] and steps == [0, 1, 2, 3]
    assert opened == [] and messages == [] and ctx.store.list_drafts() == []


def test_a_file_without_any_outline_is_refused_after_placing(
    qtbot, ctx, tmp_path, asked, messages
) -> None:
    path = tmp_path / "通知.txt"
    path.write_text("关于召开年度工作会议的通知\n请各单位于下周一上午九时参加会议。\n", "utf-8")
    page, job, steps = start(qtbot, ctx, path)
    with qtbot.waitSignal(job.done) as done:
        pass
    qtbot.waitUntil(lambda: not job.running)
    assert done.args == [None] and steps == [0, 1, 2, 3]  # refused by 放入各节
    text = job.progress.message.text()
    assert text.startswith("“通知.txt”里没有找到") and "没有导入" in text
    assert asked == [] and messages == [] and ctx.store.list_drafts() == []
