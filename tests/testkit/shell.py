"""Shared set-up for the application-shell tests (start page, dialogs, app).

A tiny user template with a sample draft, written into the test's
FULIAN_HOME, so these tests do not depend on the built-in templates' details.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from fulian_desktop.context import AppContext
from fulian_desktop.core.draft.model import Draft, UnitIdentity
from fulian_desktop.paths import app_paths

MINI_ID = "test-mini"

MINI_YAML = """\
id: test-mini
version: "1.0"
name: 测试用报告
description: 只在测试中使用的小模板。
region: 测试区
title: "{{ unit.name }}{{ unit.year }}年测试报告"
sections:
  - id: basic_part
    title: 基本情况
    sections:
      - id: overview_part
        title: 部门概况
        fields:
          - {id: overview, kind: longtext, label: 部门概况, stable: true}
      - id: extra_part
        title: 其他情况
        optional: true
        fields:
          - {id: extra, kind: longtext, label: 其他情况}
  - id: summary_part
    title: 总结
    fields:
      - {id: summary, kind: longtext, label: 总结, default: 暂无}
"""


def write_mini_template(with_sample: bool = True) -> Path:
    folder = app_paths().user_templates / MINI_ID
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "template.yaml").write_text(MINI_YAML, encoding="utf-8")
    if with_sample:
        sample = Draft(
            template_id=MINI_ID,
            template_version="1.0",
            unit=UnitIdentity(name="示例区妇女联合会", year=2023),
            values={"overview": "本单位是群团组织。", "summary": "完成全年工作。"},
        )
        (folder / "sample.draft.json").write_text(
            json.dumps(sample.to_dict(), ensure_ascii=False), encoding="utf-8"
        )
    return folder


def make_context() -> AppContext:
    write_mini_template()
    return AppContext.create()


def add_draft(ctx: AppContext, unit: str = "某区妇联", year: int = 2023, text: str = "概况") -> str:
    draft = Draft(
        template_id=MINI_ID,
        template_version="1.0",
        unit=UnitIdentity(name=unit, year=year),
        values={"overview": text, "summary": "总结"},
    )
    return ctx.store.create(draft).id


def forbid_modal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any real modal dialog fail the test at once instead of hanging it."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"a real modal dialog was opened in a test: {args[1:3]}")

    monkeypatch.setattr(QDialog, "exec", refuse)
    for name in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, name, refuse)
    for name in ("getOpenFileName", "getSaveFileName", "getExistingDirectory"):
        monkeypatch.setattr(QFileDialog, name, refuse)
