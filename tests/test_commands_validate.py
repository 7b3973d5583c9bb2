"""``fulian-desktop validate`` and ``fulian-desktop templates list|check``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from fulian_desktop.cli import main
from fulian_desktop.core.draft.model import Draft, UnitIdentity
from fulian_desktop.paths import app_paths

TEMPLATE = {
    "id": "cli-mini",
    "version": "1.0",
    "name": "部门整体支出绩效自评报告",
    "region": "测试区",
    "years": [2021, 2022],
    "title": "{{ unit.name }}{{ report_year }}年部门整体支出绩效自评报告",
    "sections": [
        {
            "id": "finance",
            "title": "部门整体收支情况",
            "fields": [
                {"id": "total", "kind": "money", "label": "全年预算数", "required": True},
                {"id": "basic", "kind": "money", "label": "基本支出"},
                {"id": "project", "kind": "money", "label": "项目支出"},
                {"id": "summary", "kind": "longtext", "label": "概况", "required": True},
            ],
            "rules": [
                {
                    "kind": "equal_sums",
                    "left": ["basic", "project"],
                    "right": ["total"],
                    "label": "基本支出与项目支出之和",
                }
            ],
        }
    ],
}

UNIT = UnitIdentity(name="某区妇女联合会", year=2022)


@pytest.fixture
def user_templates(fulian_home) -> Path:
    folder = app_paths().user_templates
    write_template(folder / "cli-mini", TEMPLATE)
    return folder


def write_template(folder: Path, data) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "template.yaml"
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path


def write_draft(tmp_path: Path, values: dict, template_id: str = "cli-mini") -> Path:
    draft = Draft(template_id=template_id, template_version="1.0", unit=UNIT, values=values)
    path = tmp_path / "draft.json"
    path.write_text(json.dumps(draft.to_dict(), ensure_ascii=False), encoding="utf-8")
    return path


GOOD = {"total": "749.56", "basic": "581.01", "project": "168.54", "summary": "年度工作完成。"}


def test_clean_draft_exits_zero_with_a_summary(tmp_path, user_templates, capsys):
    assert main(["validate", str(write_draft(tmp_path, GOOD))]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("[提示] total: 四舍五入差异：")
    assert out[-1] == "0 个错误，0 个警告，1 个提示"


def test_errors_exit_one_and_print_one_line_each(tmp_path, user_templates, capsys):
    values = {**GOOD, "total": "800", "summary": ""}
    assert main(["validate", str(write_draft(tmp_path, values))]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "[错误] total: 基本支出与项目支出之和 749.55 万元与全年预算数 800 万元相差 50.45 万元"
        "（请核对各项数字：分项之和应等于合计数）",
        "[错误] summary: “概况”未填写（大纲要求填写此项）",
        "2 个错误，0 个警告，0 个提示",
    ]


def test_unknown_template_is_one_line_and_exit_two(tmp_path, fulian_home, capsys):
    assert main(["validate", str(write_draft(tmp_path, GOOD, "no-such-outline"))]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip().count("\n") == 0 and "no-such-outline" in captured.err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "不是有效的 JSON"),
        ('{"values": 3}', "不符合草稿格式"),
        ("[1]", "不是草稿文件"),
    ],
)
def test_bad_draft_file_is_one_clear_line(tmp_path, user_templates, capsys, content, expected):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_missing_draft_is_one_clear_line(fulian_home, capsys):
    assert main(["validate", "nowhere.json"]) == 1
    err = capsys.readouterr().err
    assert "找不到草稿" in err and len(err.strip().splitlines()) == 1


def test_fldraft_file_and_store_id(tmp_path, user_templates, capsys):
    from fulian_desktop.storage.files import export_draft_file
    from fulian_desktop.storage.store import Store

    draft = Draft(template_id="cli-mini", template_version="1.0", unit=UNIT, values=GOOD)
    with Store() as store:
        info = store.create(draft)
        exported = export_draft_file(store, tmp_path / "copy", draft_id=info.id)
    assert exported.suffix == ".fldraft"
    assert main(["validate", str(exported)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "0 个错误，0 个警告，1 个提示"
    assert main(["validate", info.id]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "0 个错误，0 个警告，1 个提示"


def test_templates_list_shows_good_and_broken(user_templates, capsys):
    write_template(user_templates / "broken", "id: broken\nsections: [\n")
    assert main(["templates", "list"]) == 0
    out = capsys.readouterr().out.splitlines()
    mine = [line for line in out if line.startswith("cli-mini\t")]
    assert mine == ["cli-mini\t1.0\t部门整体支出绩效自评报告\t测试区\t年度 2021、2022\t用户"]
    broken = [line for line in out if line.startswith("无法加载")]
    assert len(broken) == 1 and "broken" in broken[0] and "not valid YAML" in broken[0]


def test_templates_check_ok_and_problems(tmp_path, capsys):
    good = write_template(tmp_path / "good", TEMPLATE)
    assert main(["templates", "check", str(good.parent)]) == 0
    assert capsys.readouterr().out.strip() == "OK: cli-mini 1.0"

    bad = json.loads(json.dumps(TEMPLATE))
    bad["sections"][0]["fields"][1]["kind"] = "monie"
    bad["sections"][0]["rules"][0]["right"] = ["totl"]
    bad["sections"][0]["body"] = [{"sentence": "合计 {{ grand_total }}"}]
    path = write_template(tmp_path / "bad", bad)
    assert main(["templates", "check", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1  # the shape error stops before cross-references
    assert out[0].startswith(f"{path}: sections[0 finance] > fields[1 basic] > kind:")

    bad["sections"][0]["fields"][1]["kind"] = "money"
    write_template(tmp_path / "bad", bad)
    assert main(["templates", "check", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and all(line.startswith(f"{path}: section 'finance'") for line in out)
    assert "totl" in out[0] + out[1] and "grand_total" in out[0] + out[1]


def test_templates_check_missing_file(tmp_path, capsys):
    assert main(["templates", "check", str(tmp_path / "none")]) == 1
    assert "找不到模板文件" in capsys.readouterr().err


def test_builtin_templates_all_check_ok(capsys):
    from fulian_desktop.paths import BUILTIN_TEMPLATES_DIR

    folders = sorted(p.parent for p in BUILTIN_TEMPLATES_DIR.glob("*/template.yaml"))
    for folder in folders:
        assert main(["templates", "check", str(folder)]) == 0, capsys.readouterr().out
    assert capsys.readouterr().out.count("OK: ") == len(folders)
