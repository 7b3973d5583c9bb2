"""Shared set-up for the editing-window tests: a small template with every
field kind, a context on the test's FULIAN_HOME, and typing helpers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtWidgets import QApplication

from fulian_desktop.context import AppContext
from fulian_desktop.core.draft.model import Draft, UnitIdentity
from fulian_desktop.paths import app_paths
from fulian_desktop.ui.fields.base import FieldEditor
from fulian_desktop.ui.fields.line import ChoiceFieldEditor, LineFieldEditor
from fulian_desktop.ui.fields.longtext import LongTextEditor
from fulian_desktop.ui.main_window import MainWindow

UI_ID = "ui-test"

UI_YAML = """\
id: ui-test
version: "1"
name: 界面测试报告
title: "{{ unit.name }}{{ unit.year }}年界面测试报告"
rules:
  - kind: length_cap
    fields: [part_a, part_b]
    max: 20
    label: 自评总结
sections:
  - id: summary
    title: 自评总结
    fields:
      - {id: part_a, kind: longtext, label: 第一部分, required: true}
      - {id: part_b, kind: longtext, label: 第二部分}
  - id: figures
    title: 收支情况
    fields:
      - {id: budget, kind: money, label: 年度预算数, required: true, minimum: 0}
      - {id: spent, kind: money, label: 总支出, required: true, minimum: 0}
      - {id: rate_stated, kind: percent, label: 预算完成率}
      - {id: score, kind: score, label: 自评得分}
      - {id: staff, kind: integer, label: 编制数}
      - {id: grade, kind: choice, label: 等次, choices: [优, 良, 中, 差]}
      - {id: when, kind: date, label: 日期}
      - {id: tel, kind: phone, label: 电话}
      - {id: note, kind: text, label: 备注}
      - {id: detail, kind: longtext, label: 说明, max_length: 10}
    computed:
      - {id: rate, label: 计算完成率, expr: "ratio(spent, budget)", format: percent, check: rate_stated}
  - id: tasks_part
    title: 工作任务
    fields:
      - id: tasks
        kind: group
        label: 任务
        item_label: "任务（{{ n | cn_number }}）"
        fields:
          - {id: name, kind: text, label: 任务名称, required: true}
          - {id: result, kind: longtext, label: 完成情况}
"""

#: a valid value per kind, used to fill forms generically
TYPED = {
    "text": "测试文字",
    "longtext": "本单位认真履行职责，圆满完成年度各项工作任务，取得了良好成效。",
    "money": "0",
    "integer": "0",
    "percent": "0",
    "score": "90",
    "date": "2023-03-01",
    "phone": "020-84833366",
}


def write_ui_template() -> None:
    folder = app_paths().user_templates / UI_ID
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "template.yaml").write_text(UI_YAML, encoding="utf-8")


@contextmanager
def context() -> Iterator[AppContext]:
    write_ui_template()
    ctx = AppContext.create()
    try:
        yield ctx
    finally:
        ctx.close()


def new_draft(ctx: AppContext, template_id: str, **values: object) -> str:
    """A new, empty draft (unit given) in the store; its id."""
    template = ctx.registry.get(template_id)
    draft = Draft(
        template_id=template_id,
        template_version=template.version,
        unit=UnitIdentity(name="测试区妇女联合会", year=2023),
        values=dict(values),
    )
    return ctx.store.create(draft).id


def open_window(qtbot, ctx: AppContext, draft_id: str) -> MainWindow:  # noqa: ANN001
    window = MainWindow(ctx, draft_id)
    qtbot.addWidget(window)
    window.show_error = lambda title, text: window._test_errors.append(text)  # type: ignore[method-assign]
    window._test_errors = []  # type: ignore[attr-defined]
    window.show()
    qtbot.waitUntil(lambda: window.checked)  # the checks follow the first paint
    return window


def editor(window: MainWindow, path: str) -> FieldEditor:
    """Go to the field's page and return its editor."""
    page_id = window.page_of(_issue_like(path))
    window.show_page(page_id)
    found = window.current_page().editor_for(path)
    assert found is not None, path
    return found


def _issue_like(path: str):  # noqa: ANN202
    from fulian_desktop.core.issues import Issue

    return Issue("error", path, "")


def type_into(field: FieldEditor, text: str) -> None:
    """Put text into an editor the way the clerk does (setText / setPlainText / select)."""
    if isinstance(field, LongTextEditor):
        field.text_edit.setPlainText(text)
    elif isinstance(field, ChoiceFieldEditor):
        field.combo.setCurrentIndex(field.combo.findData(text))
    elif isinstance(field, LineFieldEditor):
        field.line.setText(text)
    else:
        raise AssertionError(f"cannot type into {field!r}")
    QApplication.processEvents()


def value_for(field: FieldEditor) -> str:
    spec = field.spec
    if spec.kind == "choice":
        return spec.choices[0]
    if spec.kind in ("money", "integer", "percent", "score") and spec.minimum is not None:
        return str(max(spec.minimum, 0))
    if spec.kind == "longtext" and spec.min_length:
        from fulian_desktop.core.text.textstats import count

        text = TYPED["longtext"]
        while count(text) < spec.min_length:
            text += TYPED["longtext"]
        return text
    return TYPED[spec.kind]
