"""新建报告 and 基于往年报告: choosing what a new draft starts from.

The clerk picks a template by its region and description and sees its outline
as a tree before committing; the unit identity comes prefilled from the
settings. Nothing is written here: the dialog returns the choice and the start
page asks the context to create the draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fulian_desktop.context import AppContext
from fulian_desktop.core.draft.model import UnitIdentity
from fulian_desktop.core.template.model import Template
from fulian_desktop.storage.records import DraftInfo


@dataclass(frozen=True)
class NewReport:
    template_id: str
    unit: UnitIdentity
    remember: bool  # keep the unit identity as the default for later reports


def outline_items(template: Template) -> list[QTreeWidgetItem]:
    """The template's sections as tree items (optional ones marked)."""

    def item(section) -> QTreeWidgetItem:
        title = section.title + ("（可选）" if section.optional else "")
        node = QTreeWidgetItem([title])
        node.addChildren([item(child) for child in section.sections])
        return node

    return [item(section) for section in template.sections]


class NewReportDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("新建报告"))
        self.resize(860, 560)

        self.templates = QListWidget()
        for template in ctx.registry.templates():
            entry = QListWidgetItem(ctx.template_name(template.id))
            entry.setData(Qt.ItemDataRole.UserRole, template.id)
            entry.setToolTip(f"{template.id} · 版本 {template.version}")
            self.templates.addItem(entry)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.outline = QTreeWidget()
        self.outline.setHeaderLabels([self.tr("报告提纲")])

        choose = QGroupBox(self.tr("1. 选择报告模板"))
        left = QVBoxLayout(choose)
        left.addWidget(self.templates, 1)
        left.addWidget(self.description)
        show = QGroupBox(self.tr("模板提纲"))
        QVBoxLayout(show).addWidget(self.outline)

        settings = ctx.settings
        self.unit_name = QLineEdit(settings.unit_name)
        # the remembered 简称 goes with the remembered unit (edited on 单位信息)
        self._short_name = (settings.unit_name, settings.unit_short_name)
        self.unit_name.setPlaceholderText(self.tr("例如：广州市番禺区妇女联合会"))
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year - 1)  # reports look back on the last budget year
        self.filler = QLineEdit(settings.filler)
        self.position = QLineEdit(settings.position)
        self.phone = QLineEdit(settings.phone)
        self.remember = QCheckBox(self.tr("把以上单位信息作为以后新建报告的默认值"))
        self.remember.setChecked(True)
        unit = QGroupBox(self.tr("2. 填写单位信息（以后可在报告中修改）"))
        form = QFormLayout(unit)
        form.addRow(self.tr("单位全称"), self.unit_name)
        form.addRow(self.tr("报告年度"), self.year)
        form.addRow(self.tr("填表人"), self.filler)
        form.addRow(self.tr("职务"), self.position)
        form.addRow(self.tr("联系电话"), self.phone)
        form.addRow(self.remember)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("创建报告"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(choose, 1)
        top.addWidget(show, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(unit)
        layout.addWidget(self.buttons)

        self.templates.currentItemChanged.connect(self._show_template)
        self._select(settings.last_template)

    def _select(self, template_id: str) -> None:
        for row in range(self.templates.count()):
            if self.templates.item(row).data(Qt.ItemDataRole.UserRole) == template_id:
                self.templates.setCurrentRow(row)
                return
        if self.templates.count():
            self.templates.setCurrentRow(0)
        else:
            self.description.setText(self.tr("没有可用的报告模板。"))
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)

    def _show_template(self, current: QListWidgetItem | None) -> None:
        self.outline.clear()
        if current is None:
            return
        template = self.ctx.registry.get(current.data(Qt.ItemDataRole.UserRole))
        lines = [template.description or template.name]
        if template.issuer:
            lines.append(self.tr("印发：") + template.issuer)
        if template.years:
            lines.append(self.tr("适用年度：") + "、".join(str(y) for y in template.years))
        self.description.setText("\n".join(lines))
        self.outline.addTopLevelItems(outline_items(template))
        self.outline.expandAll()

    def template_id(self) -> str:
        current = self.templates.currentItem()
        return current.data(Qt.ItemDataRole.UserRole) if current else ""

    def result_choice(self) -> NewReport | None:
        template_id = self.template_id()
        if not template_id:
            return None
        name = self.unit_name.text().strip()
        unit = UnitIdentity(
            name=name,
            short_name=self._short_name[1] if name == self._short_name[0] else "",
            year=self.year.value(),
            filler=self.filler.text().strip(),
            position=self.position.text().strip(),
            phone=self.phone.text().strip(),
        )
        return NewReport(template_id, unit, self.remember.isChecked())

    @classmethod
    def ask(cls, parent: QWidget | None, ctx: AppContext) -> NewReport | None:
        """Show the dialog; the choice, or None when cancelled (tests replace this)."""
        dialog = cls(ctx, parent)
        return dialog.result_choice() if dialog.exec() == QDialog.DialogCode.Accepted else None


class PickDraftDialog(QDialog):
    """基于往年报告: which earlier report to carry forward."""

    def __init__(
        self, ctx: AppContext, drafts: list[DraftInfo], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("基于往年报告"))
        self.resize(560, 380)
        note = QLabel(
            self.tr(
                "选择一份往年的报告。新报告沿用其单位信息、部门概况和职责等不变的内容，"
                "年度加一；各项数字和当年的情况说明留空，需要重新填写。"
            )
        )
        note.setWordWrap(True)
        self.list = QListWidget()
        for info in drafts:
            year = f"{info.year}年度" if info.year else "未填年度"
            entry = QListWidgetItem(
                f"{info.unit or '未填单位'} · {year} · {ctx.template_name(info.template_id)}"
            )
            entry.setData(Qt.ItemDataRole.UserRole, info.id)
            self.list.addItem(entry)
        if drafts:
            self.list.setCurrentRow(0)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("生成新一年的报告"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)

    def chosen(self) -> str | None:
        current = self.list.currentItem()
        return current.data(Qt.ItemDataRole.UserRole) if current else None

    @classmethod
    def ask(cls, parent: QWidget | None, ctx: AppContext, drafts: list[DraftInfo]) -> str | None:
        """The id of the chosen draft, or None (tests replace this)."""
        dialog = cls(ctx, drafts, parent)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
