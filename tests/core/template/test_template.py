"""Loading templates: a broken template gives one clear message per problem,
naming the file and the place in the YAML, and never stops the others."""

from __future__ import annotations

import copy
import logging
from pathlib import Path
from typing import Any

import pytest
import yaml

from fulian_desktop.core.template.loading import TemplateError, load_template, parse_template
from fulian_desktop.core.template.registry import load_registry

GOOD: dict[str, Any] = {
    "id": "good",
    "version": "1.0",
    "name": "部门整体支出绩效自评报告",
    "region": "广州市",
    "years": [2021],
    "title": "{{ unit.name }}{{ report_year }}年部门整体支出绩效自评报告",
    "sections": [
        {
            "id": "finance",
            "title": "部门整体收支情况",
            "fields": [
                {"id": "spent", "kind": "money", "label": "总支出"},
                {"id": "budget", "kind": "money", "label": "年度预算数"},
            ],
            "computed": [
                {
                    "id": "rate",
                    "label": "预算完成率",
                    "expr": "ratio(spent, budget)",
                    "format": "percent",
                }
            ],
            "body": [
                {"sentence": "总支出 {{ spent | money }} 万元，完成率 {{ rate | percent }}。"}
            ],
            "rules": [{"kind": "equal_sums", "left": ["spent"], "right": ["budget"]}],
        }
    ],
}


def write(folder: Path, data: Any, name: str = "template.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    text = (
        data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    )
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(data: Any, tmp_path: Path) -> tuple[Path, list[str]]:
    path = write(tmp_path / "t", data)
    with pytest.raises(TemplateError) as info:
        load_template(path)
    assert info.value.path == path
    assert all(str(path) in line for line in str(info.value).splitlines())
    return path, info.value.problems


def mutated(change) -> dict[str, Any]:
    data = copy.deepcopy(GOOD)
    change(data)
    return data


def test_good_template_loads(tmp_path):
    template = load_template(write(tmp_path / "good", GOOD))
    assert (template.id, template.version, template.years) == ("good", "1.0", [2021])


def test_bad_kind_names_the_field_and_its_place(tmp_path):
    _, problems = problems_of(
        mutated(lambda d: d["sections"][0]["fields"][0].update(kind="money2")), tmp_path
    )
    assert len(problems) == 1
    assert problems[0].startswith("sections[0 finance] > fields[0 spent] > kind:")
    assert "money" in problems[0]  # the message lists what is allowed


def test_unknown_field_in_a_rule(tmp_path):
    _, problems = problems_of(
        mutated(lambda d: d["sections"][0]["rules"][0].update(right=["budjet"])), tmp_path
    )
    assert problems == ["section 'finance' > rules[0]: no field 'budjet'"]


def test_snippet_naming_an_undefined_variable(tmp_path):
    _, problems = problems_of(
        mutated(lambda d: d["sections"][0]["body"].append({"sentence": "收入 {{ income }} 万元"})),
        tmp_path,
    )
    assert len(problems) == 1
    assert problems[0].startswith("section 'finance' > body[1]:")
    assert "'income'" in problems[0]


def test_yaml_syntax_error_gives_line_and_column(tmp_path):
    _, problems = problems_of("id: x\nsections: [\n  - id: a\n", tmp_path)
    assert len(problems) == 1
    assert problems[0].startswith("line ") and "not valid YAML" in problems[0]


def test_duplicate_id(tmp_path):
    def dup(d):
        d["sections"].append(
            {
                "id": "other",
                "title": "其他",
                "fields": [{"id": "spent", "kind": "money", "label": "支出"}],
            }
        )

    _, problems = problems_of(mutated(dup), tmp_path)
    assert problems == [
        "section 'other' > field 'spent': id 'spent' is used twice (also section 'finance' > field 'spent')"
    ]


def test_several_problems_one_line_each(tmp_path):
    def many(d):
        d["sections"][0]["rules"][0]["right"] = ["nothing"]
        d["sections"][0]["computed"][0]["expr"] = "ratio(spent, missing)"
        d["sections"][0]["body"].append({"sentence": "{{ ghost }}"})

    _, problems = problems_of(mutated(many), tmp_path)
    assert len(problems) == 3
    assert any("computed 'rate'" in p and "'missing'" in p for p in problems)


def test_not_a_mapping_and_unsafe_expression(tmp_path):
    _, problems = problems_of("- just\n- a list\n", tmp_path)
    assert problems == ["the file must be a YAML mapping (key: value lines) at the top"]
    bad = mutated(lambda d: d["sections"][0]["computed"][0].update(expr="__import__('os')"))
    with pytest.raises(TemplateError) as info:
        parse_template(bad)
    assert "computed 'rate'" in info.value.problems[0]


def test_registry_keeps_loading_when_one_template_is_broken(tmp_path, caplog):
    root = tmp_path / "templates"
    write(root / "good", GOOD)
    write(root / "broken", "id: broken\nsections: [\n")
    write(root / "zz-also-good", mutated(lambda d: d.update(id="zz-also-good")))
    with caplog.at_level(logging.WARNING):
        registry = load_registry([(root, True)])
    assert sorted(registry.entries) == ["good", "zz-also-good"]
    assert len(registry.broken) == 1
    assert registry.broken[0].path == root / "broken" / "template.yaml"


def test_user_template_with_newer_version_replaces_builtin(tmp_path):
    builtin, user = tmp_path / "builtin", tmp_path / "user"
    write(builtin / "good", GOOD)
    write(user / "good", mutated(lambda d: d.update(version="1.10", name="新版")))
    registry = load_registry([(builtin, True), (user, False)])
    assert registry.get("good").name == "新版" and not registry.entries["good"].builtin


def test_sub_field_required_when_is_checked_at_load(tmp_path):
    def group(d):
        d["sections"][0]["fields"].append(
            {
                "id": "items",
                "kind": "group",
                "label": "项目",
                "fields": [
                    {"id": "why", "kind": "text", "label": "原因", "required_when": "nope > 1"}
                ],
            }
        )

    _, problems = problems_of(mutated(group), tmp_path)
    assert len(problems) == 1 and "'why'" in problems[0] and "'nope'" in problems[0]
