"""帮助 › 使用说明: the offline Chinese guide (resources/help/guide.html) in a window.

F1 opens it anywhere; each form page's 帮助 link opens it at the part about
that page (``anchor_for``). The guide is plain HTML with screenshots taken by
``make screenshots`` (tools/screenshots.py copies them to resources/help/img);
QTextBrowser shows it without any network access.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from fulian_desktop.paths import RESOURCES_DIR

GUIDE = RESOURCES_DIR / "help" / "guide.html"

#: the guide's parts (anchor, title), in order
PARTS = [
    ("steps", "写一份报告的步骤"),
    ("fill", "逐节填写"),
    ("checks", "检查提示的含义"),
    ("saving", "草稿的保存与恢复"),
    ("move", "把草稿带到另一台电脑"),
    ("signoff", "定稿与导出"),
    ("keys", "快捷键"),
]

#: the key of the guide (a string: no QKeySequence before the application exists)
SHORTCUT = "F1"


def anchor_for(page_id: str) -> str:
    """The part of the guide about a page of the editing window."""
    if page_id == "__unit__":
        return "unit"
    if page_id == "scoresheet":
        return "checks"
    return "fill"


class HelpWindow(QDialog):
    """The guide with its contents on the left; one per application (``show_help``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("使用说明 — 绩效自评报告助手"))
        self.resize(980, 680)
        self.contents = QListWidget(self)
        for anchor, title in PARTS:
            item = QListWidgetItem(title)
            item.setData(256, anchor)
            self.contents.addItem(item)
        self.contents.setMaximumWidth(200)
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)  # offline: nothing leaves the PC
        self.browser.setOpenLinks(True)
        self.browser.setSearchPaths([str(GUIDE.parent)])
        self.browser.setSource(QUrl.fromLocalFile(str(GUIDE)))
        self.contents.currentItemChanged.connect(
            lambda item, _old: item is not None and self.go_to(item.data(256))
        )
        row = QHBoxLayout()
        row.addWidget(self.contents)
        row.addWidget(self.browser, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)

    def go_to(self, anchor: str) -> None:
        self.anchor = anchor
        self.browser.scrollToAnchor(anchor)
        # again once the window is laid out (a fresh window has no scroll range yet)
        QTimer.singleShot(0, lambda: self.browser.scrollToAnchor(self.anchor))

    def text(self) -> str:
        return self.browser.toPlainText()


_window: HelpWindow | None = None


def show_help(parent: QWidget | None = None, anchor: str = "steps") -> HelpWindow:
    """Open (or raise) the guide at ``anchor``."""
    global _window
    if _window is None:
        _window = HelpWindow()
        _window.destroyed.connect(_forget)
    _window.show()
    _window.raise_()
    _window.activateWindow()
    _window.go_to(anchor)
    return _window


def _forget(*_args: object) -> None:
    global _window
    _window = None
