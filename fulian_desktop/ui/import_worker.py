"""The import's reading and placing, off the window's thread, and its progress dialog.

Reading a 30-page PDF and placing it takes long enough that the window must
not freeze: ``ImportThread`` runs the four steps (读取文件 → 整理段落 →
匹配提纲 → 放入各节, ``prepare``) in a QThread, all pure Python in
importing/, and reports each step to ``ImportProgress``. 取消 is checked
between steps; a cancelled or refused import ends before anything is
stored, because storing happens later, on the window's thread, after the
clerk chose the template (report_import.py).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Qt, QThread, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fulian_desktop.core.template.model import Template
from fulian_desktop.errors import UserError
from fulian_desktop.importing.cleanup import clean_blocks
from fulian_desktop.importing.importer import ImportResult, guess_template, import_blocks
from fulian_desktop.importing.readers import read_source
from fulian_desktop.importing.source import Block

log = logging.getLogger(__name__)

STEPS = ("读取文件", "整理段落", "匹配提纲", "放入各节")
UNEXPECTED = "导入时遇到意外错误，没有导入任何内容。详细情况已写入日志。"


class Cancelled(Exception):
    """取消 was pressed; raised between steps."""


@dataclass
class Prepared:
    """What the dialog needs: the paragraphs, every template's fit, and the
    import into the best-fitting template (for the preview and the default)."""

    name: str
    blocks: list[Block]
    guessed: Template | None
    ranked: list[tuple[float, Template]]
    placed: ImportResult | None
    #: what the reader could not read exactly (characters replaced by �), for the clerk
    warnings: list[str] = field(default_factory=list)


def prepare(
    path: Path | str, templates: Sequence[Template], step: Callable[[int], None]
) -> Prepared:
    """The four steps; ``step(i)`` is called before step ``i`` (it raises Cancelled to stop).

    Steps 1 and 2 are importer.read_blocks taken apart (read_source, then
    clean_blocks) so the clerk sees, and can cancel, each; a test checks
    they give what read_blocks gives.
    """
    step(0)
    source = read_source(path)
    step(1)
    blocks = clean_blocks(source)
    step(2)
    guessed, ranked = guess_template(blocks, templates)
    step(3)
    first = guessed or (ranked[0][1] if ranked else None)
    placed = import_blocks(blocks, first, source.name) if first is not None else None
    return Prepared(source.name, blocks, guessed, ranked, placed, list(source.warnings))


class ImportThread(QThread):
    """``prepare`` in a thread of its own; its signals reach the window's thread queued."""

    step_started = Signal(int)
    prepared = Signal(object)  # Prepared
    refused = Signal(str)  # a UserError's sentence (or UNEXPECTED)
    stopped = Signal()  # cancelled between steps

    def __init__(self, path: Path | str, templates: Sequence[Template]) -> None:
        super().__init__()
        self.path = path
        self.templates = list(templates)
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _step(self, index: int) -> None:
        if self._cancel.is_set():
            raise Cancelled
        self.step_started.emit(index)

    def run(self) -> None:
        try:
            result = prepare(self.path, self.templates, self._step)
        except Cancelled:
            self.stopped.emit()
            return
        except UserError as exc:
            self.refused.emit(str(exc))
            return
        except Exception:  # a reader's bug must not take the window down
            log.exception("import of %s failed", self.path)
            self.refused.emit(UNEXPECTED)
            return
        if self._cancel.is_set():  # 取消 during the last step: its result is not used
            self.stopped.emit()
        else:
            self.prepared.emit(result)


class ImportProgress(QDialog):
    """正在导入: the four steps, a progress bar and 取消; a refusal's sentence in place."""

    cancel_requested = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("导入往年报告"))
        # window-modal and shown with show(): the start page cannot start a second
        # import meanwhile, and the event loop (painting, 取消) keeps running
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        self.title = QLabel(self.tr("正在导入“{0}”…").format(name), self)
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.title)
        self.steps = QLabel(self)
        layout.addWidget(self.steps)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, len(STEPS))
        self.bar.setFormat(self.tr("%v / %m 步"))
        layout.addWidget(self.bar)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton(self.tr("取消"), self)
        self.cancel_button.clicked.connect(self.reject)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        self.refused = False
        self.ended = False  # closed by the import itself, not by the clerk
        self.show_step(0)

    def show_step(self, index: int) -> None:
        """Step ``index`` is running: the ones before it are done (✓), it is bold."""
        self.current = index
        parts = []
        for i, name in enumerate(STEPS):
            text = self.tr(name)
            if i < index:
                parts.append(f'<span style="color:#2e7d32">✓ {text}</span>')
            elif i == index:
                parts.append(f"<b>{text}…</b>")
            else:
                parts.append(f'<span style="color:#777">{text}</span>')
        self.steps.setText(" → ".join(parts))
        self.bar.setValue(index)

    def show_refusal(self, text: str) -> None:
        """The reader's one sentence, in this dialog; 取消 becomes 关闭."""
        self.refused = True
        self.title.setText(self.tr("没有导入"))
        self.bar.hide()
        self.steps.hide()
        self.message.setText(text)
        self.message.show()
        self.cancel_button.setText(self.tr("关闭"))

    def end(self) -> None:
        """The reading is over (the next dialog takes its place): close without cancelling."""
        self.ended = True
        self.accept()

    def reject(self) -> None:  # 取消, Esc and the title bar's ✕ alike
        if not (self.refused or self.ended):
            self.ended = True
            self.cancel_requested.emit()
        super().reject()
