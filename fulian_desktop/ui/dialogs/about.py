"""关于: the program's version, the templates it carries, and where the data lives.

The data folder is what a technician asks for first, so it is shown in full
and can be selected and copied.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from fulian_desktop import __version__
from fulian_desktop.context import AppContext


def about_html(ctx: AppContext) -> str:
    rows = "".join(
        f"<li>{escape(ctx.template_name(t.id))}（{escape(t.id)}，版本 {escape(t.version)}）</li>"
        for t in ctx.registry.templates()
    )
    broken = ""
    if ctx.registry.broken:
        broken = f"<p>另有 {len(ctx.registry.broken)} 个模板有错误，未能载入（详见日志）。</p>"
    return (
        f"<h3>绩效自评报告助手 {escape(__version__)}</h3>"
        "<p>离线编写部门整体支出绩效自评报告，并按 GB/T 9704-2012 公文格式导出 Word 文档。"
        "本程序不联网，所有内容只保存在本机。</p>"
        f"<p><b>报告模板</b></p><ul>{rows or '<li>（没有）</li>'}</ul>{broken}"
        f"<p><b>数据文件夹</b><br>{escape(str(ctx.paths.data))}</p>"
        f"<p><b>日志文件夹</b><br>{escape(str(ctx.paths.logs))}</p>"
    )


class AboutDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("关于"))
        self.resize(520, 420)
        self.text = QLabel(about_html(ctx))
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)

    @classmethod
    def open_for(cls, parent: QWidget | None, ctx: AppContext) -> None:
        cls(ctx, parent).exec()
