"""One page of the form: a section's fields, built from the template.

A page is a scroll area with the section's title and guidance, a form of
label / editor / help text / the field's issues, and the section's computed
values. The 单位信息 page (unit identity and the template's options) is built
the same way from FieldSpecs made here, with paths ``unit.<name>``.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fulian_desktop.core.draft.model import UnitIdentity
from fulian_desktop.core.draft.values import Evaluated
from fulian_desktop.core.issues import Issue
from fulian_desktop.core.template.model import FieldSpec, Section
from fulian_desktop.ui.fields import DraftEditing, FieldEditor, make_editor, make_label
from fulian_desktop.ui.fields.binding import split_path
from fulian_desktop.ui.fields.computed import ComputedView
from fulian_desktop.ui.fields.sentence import add_sentence_editors

#: id of the page that is not a template section
UNIT_PAGE = "__unit__"

UNIT_SPECS = [
    FieldSpec(id="name", kind="text", label="单位全称", required=True,
              placeholder="例如 广州市番禺区妇女联合会"),
    FieldSpec(id="short_name", kind="text", label="单位简称",
              placeholder="例如 番禺区妇联", help="可不填；模板选项可让标题用简称"),
    FieldSpec(id="year", kind="integer", label="年度", required=True,
              placeholder="例如 2023", help="报告所评价的预算年度"),
    FieldSpec(id="filler", kind="text", label="填表人"),
    FieldSpec(id="position", kind="text", label="职务"),
    FieldSpec(id="phone", kind="phone", label="联系电话"),
    FieldSpec(id="fill_date", kind="date", label="填表日期"),
]  # fmt: skip


def fill_unit(text: str, unit: UnitIdentity) -> str:
    """An option label with the template's {单位名称} and {年度} filled in from the draft."""
    name = unit.name.strip() or "本单位"
    year = str(unit.year) if unit.year else "本"
    return text.replace("{单位名称}", name).replace("{年度}", year)


def parent_only(section: Section) -> bool:
    """A section whose page only points at its subsections (下一步 passes it by)."""
    return not section.fields and not section.computed and bool(section.sections)


class Page(QScrollArea):
    """Base page: a title, guidance, a form; knows its editors by path."""

    def __init__(self, page_id: str, title: str, editing: DraftEditing, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.page_id = page_id
        self.editing = editing
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.inner = QWidget(self)
        self.column = QVBoxLayout(self.inner)
        self.title_label = QLabel(title, self.inner)
        self.title_label.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.title_label.setWordWrap(True)
        self.help_link = QLabel(f'<a href="help">{self.tr("帮助")}</a>', self.inner)
        self.help_link.setToolTip(self.tr("打开使用说明中关于这一页的部分（F1）"))
        self.help_link.linkActivated.connect(self.show_help)
        heading = QHBoxLayout()
        heading.addWidget(self.title_label, 1)
        heading.addWidget(self.help_link, 0, Qt.AlignmentFlag.AlignTop)
        self.column.addLayout(heading)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.top_editors: list[FieldEditor] = []
        self.computed_views: list[ComputedView] = []
        self._issues: list[Issue] = []
        self._read_only = False
        editing.values_replaced.connect(self._values_replaced)

    def show_help(self, *_args: object) -> None:
        """The 帮助 link: the guide at the part about this page."""
        from fulian_desktop.ui import help as help_guide

        help_guide.show_help(self.window(), help_guide.anchor_for(self.page_id))

    def _values_replaced(self, keys: set[str]) -> None:
        # Undo, redo and 一键规范 changed values behind the editors' backs.
        for editor in self.top_editors:
            if editor.spec.kind != "group" and editor.path in keys:
                editor.refresh()

    def finish(self) -> None:
        self.column.addLayout(self.form)
        self.column.addStretch(1)
        self.setWidget(self.inner)
        self.editors_rebuilt()

    def add_field(self, spec: FieldSpec, path: str) -> FieldEditor:
        editor = make_editor(spec, path, self.editing, self.inner)
        label = make_label(spec, editor, self.inner)
        holder = QWidget(self.inner)
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 6)
        box.setSpacing(2)
        box.addWidget(editor)
        if spec.help:
            help_label = QLabel(spec.help, holder)
            help_label.setProperty("role", "field-help")
            help_label.setWordWrap(True)
            box.addWidget(help_label)
        if spec.kind in ("longtext", "group"):
            # Wide editors get the whole width, their label above them.
            self.form.addRow(label)
            self.form.addRow(holder)
        else:
            self.form.addRow(label, holder)
        self.top_editors.append(editor)
        return editor

    # -- editors by path --------------------------------------------------------
    def editors(self) -> Iterator[FieldEditor]:
        for editor in self.top_editors:
            yield from editor.editors()

    def editor_for(self, path: str) -> FieldEditor | None:
        """The editor showing ``path``; for an item-level path, its group."""
        by_path = {e.path: e for e in self.editors()}
        if path in by_path:
            return by_path[path]
        return by_path.get(split_path(path)[0]) or by_path.get(path.split("[", 1)[0])

    def apply_issues(self, issues: list[Issue]) -> None:
        """Give each editor the issues of its path (group-level ones to the group)."""
        self._issues = issues
        mine: dict[str, list[Issue]] = {}
        known = {e.path for e in self.editors()}
        for issue in issues:
            path = issue.path if issue.path in known else issue.path.split("[", 1)[0]
            if path in known:
                mine.setdefault(path, []).append(issue)
        for editor in self.editors():
            editor.set_issues(mine.get(editor.path, []))

    def update_computed(self, evaluated: Evaluated) -> None:
        for view in self.computed_views:
            view.update_from(evaluated)

    def editors_rebuilt(self) -> None:
        """After a group rebuilt its items: issues again, read-only again, tab order."""
        self.apply_issues(self._issues)
        if self._read_only:
            self.set_read_only(True)
        widgets = [e.input_widget() for e in self.editors()]
        for first, second in zip(widgets, widgets[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for editor in self.top_editors:
            editor.set_read_only(read_only)

    def long_text_ids(self) -> list[str]:
        """Top-level long texts and groups of this page (for 一键规范)."""
        return [e.spec.id for e in self.top_editors if e.spec.kind in ("longtext", "group")]

    def focus_first(self) -> None:
        for editor in self.editors():
            if editor.input_widget().isEnabled():
                editor.focus_editor()
                return


class SectionPage(Page):
    """A template section: its fields, computed values, and the on/off switch."""

    def __init__(self, section: Section, number: str, editing: DraftEditing, parent=None) -> None:  # noqa: ANN001
        super().__init__(section.id, f"{number}{section.title}", editing, parent)
        self.section = section
        self.include: QCheckBox | None = None
        if section.optional:
            self.include = QCheckBox(
                self.tr("本报告包含此部分（不包含时不打印、不编号）"), self.inner
            )
            self.include.setChecked(editing.section_enabled(section.id))
            self.include.toggled.connect(self._toggled)
            self.column.addWidget(self.include)
        if section.intro:
            intro = QLabel(section.intro, self.inner)
            intro.setWordWrap(True)
            intro.setProperty("role", "field-help")
            self.column.addWidget(intro)
        if parent_only(section):
            hint = QLabel(self.tr("本部分的内容在下级各节中填写，请在左侧选择。"), self.inner)
            hint.setProperty("role", "field-help")
            self.column.addWidget(hint)
        for spec in section.fields:
            self.add_field(spec, spec.id)
        add_sentence_editors(self, section)  # the generated sentences, rewritable
        for comp in section.computed:
            view = ComputedView(comp, editing.template, self.inner)
            self.form.addRow(QLabel(comp.label, self.inner), view)
            self.computed_views.append(view)
        self.finish()
        self._apply_enabled()

    def _toggled(self, on: bool) -> None:
        self.editing.set_section_enabled(self.section.id, on)
        self._apply_enabled()

    def _apply_enabled(self) -> None:
        on = self.editing.section_enabled(self.section.id)
        for editor in self.top_editors:
            editor.setEnabled(on)

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        if self.include is not None:
            self.include.setEnabled(not read_only)


class UnitPage(Page):
    """单位信息: who writes the report, and the template's variants."""

    def __init__(self, editing: DraftEditing, parent=None) -> None:  # noqa: ANN001
        super().__init__(UNIT_PAGE, self.tr("单位信息"), editing, parent)
        intro = QLabel(
            self.tr("这些信息用于报告标题、封面和落款，下次新建报告时会自动带出。"), self.inner
        )
        intro.setWordWrap(True)
        intro.setProperty("role", "field-help")
        self.column.addWidget(intro)
        for spec in UNIT_SPECS:
            editor = self.add_field(spec, f"unit.{spec.id}")
            editor.local_error = self._unit_check(editor, spec.id)  # type: ignore[method-assign]
            editor.refresh()
        self.option_widgets: list[QWidget] = []
        for option in editing.template.options:
            self.form.addRow(QLabel(option.label, self.inner), self._option_widget(option))
        self.finish()
        editing.edited.connect(self._unit_edited)

    def _unit_edited(self, path: str) -> None:
        if path in ("unit.name", "unit.year"):
            self._fill_option_labels()

    def _fill_option_labels(self) -> None:
        """Choice labels show this report's unit and year, never raw placeholders."""
        unit = self.editing.draft.unit
        for widget in self.option_widgets:
            if isinstance(widget, QComboBox):
                for index in range(widget.count()):
                    template_text = widget.itemData(index, Qt.ItemDataRole.UserRole + 1)
                    widget.setItemText(index, fill_unit(template_text, unit))

    def _unit_check(self, editor: FieldEditor, name: str):  # noqa: ANN202
        base = editor.local_error

        def check(text: str) -> str:
            return base(text) or self.editing.unit_error(name)

        return check

    def _option_widget(self, option) -> QWidget:  # noqa: ANN001
        draft = self.editing.draft
        current = draft.options.get(option.id, option.default)
        if option.kind == "bool":
            widget = QCheckBox(self.inner)
            widget.setChecked(bool(current))
            widget.toggled.connect(lambda on, o=option.id: self.editing.set_option(o, on))
        elif option.kind == "choice":
            widget = QComboBox(self.inner)
            for key, label in option.choices.items():
                widget.addItem(fill_unit(label, draft.unit), key)
                widget.setItemData(widget.count() - 1, label, Qt.ItemDataRole.UserRole + 1)
            widget.setCurrentIndex(max(0, widget.findData(current)))
            widget.currentIndexChanged.connect(
                lambda _i, w=widget, o=option.id: self.editing.set_option(o, w.currentData())
            )
        else:
            widget = QLineEdit(str(current), self.inner)
            widget.textChanged.connect(lambda text, o=option.id: self.editing.set_option(o, text))
        widget.setObjectName(f"option_{option.id}")
        self.option_widgets.append(widget)
        return widget

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        for widget in self.option_widgets:
            widget.setEnabled(not read_only)
