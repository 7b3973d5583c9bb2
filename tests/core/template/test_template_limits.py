"""A hostile or broken template never stops the application (issue 15, class 1).

Each template below goes over one limit (file size and kind, YAML depth and
aliases, number length, section depth, expression size and depth, figure
bounds). Loading lists it as broken with one line that names the place in
the YAML, and every other template still loads; ``templates list`` exits 0.
Memory is checked with tracemalloc, work by the limits themselves; no clock.
"""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
import yaml

from fulian_desktop.cli import main
from fulian_desktop.core.template import expressions
from fulian_desktop.core.template.loading import TemplateError, load_template
from fulian_desktop.core.template.registry import default_registry
from fulian_desktop.paths import app_paths

BASE: dict[str, Any] = {
    "id": "evil",
    "version": "1",
    "name": "绩效自评报告",
    "title": "{{ unit.name }}",
    "sections": [
        {
            "id": "finance",
            "title": "收支",
            "fields": [
                {"id": "spent", "kind": "money", "label": "总支出"},
                {"id": "budget", "kind": "money", "label": "预算"},
            ],
        }
    ],
}


def _yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _with(path: str, value: Any) -> str:
    """BASE with one key set; path like 'sections.0.fields.0.minimum'."""
    import copy

    data = copy.deepcopy(BASE)
    node: Any = data
    *parents, last = path.split(".")
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    node[int(last) if isinstance(node, list) else last] = value
    return _yaml(data)


def _computed(expr: str) -> str:
    return _with("sections.0.computed", [{"id": "c", "label": "c", "expr": expr}])


def _nested_sections(depth: int) -> str:
    inner: dict[str, Any] = {"id": f"s{depth}", "title": "t"}
    for level in range(depth - 1, 0, -1):
        inner = {"id": f"s{level}", "title": "t", "sections": [inner]}
    return _with("sections", [inner])


def _flow_sections(depth: int) -> str:
    # 900 levels written inline, as an attacker would (yaml.dump would recurse)
    head = "".join(f"[{{id: s{i}, title: t, sections: " for i in range(depth))
    return _yaml({k: v for k, v in BASE.items() if k != "sections"}) + (
        "sections: " + head + "[]" + "}]" * depth + "\n"
    )


ALIAS_BOMB = (
    _yaml(BASE)
    + "style_overrides:\n"
    + "".join(
        f"  l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]\n"
        if i
        else "  l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in range(9)
    )
)

#: name → (template.yaml text, a word the one-line reason must contain)
HOSTILE = {
    "5,000-digit integer": (_yaml(BASE) + "years: [" + "1" * 5000 + "]\n", "line"),
    "[ nested 10,000 deep": (
        _yaml(BASE) + "style_overrides: {x: " + "[" * 10_000 + "]" * 10_000 + "}\n",
        "line",
    ),
    "{ nested 10,000 deep": (
        _yaml(BASE) + "style_overrides: " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\n",
        "line",
    ),
    "alias bomb": (ALIAS_BOMB, "line"),
    "sections nested 900 deep": (_flow_sections(900), "line"),
    "sections nested 12 deep": (_nested_sections(12), "sections[0 s1] > sections[0 s2]"),
    "expression of 100,000 terms": (_computed(" + ".join(["spent"] * 100_000)), "computed"),
    "expression nested 500 deep": (_computed("(" * 500 + "spent" + ")" * 500), "computed"),
    "expression 200 terms deep": (_computed(" - ".join(["spent"] * 200)), "nests more than"),
    "5,000-digit number in an expression": (_computed("spent * " + "9" * 5000), "computed"),
    "40-digit number in an expression": (_computed("spent * " + "9" * 40), "digits"),
    "huge float in an expression": (_computed("spent * 1e999"), "computed"),
    "figure with a huge exponent": (_with("sections.0.fields.0.minimum", "1e999999999"), "minimum"),
    "infinite figure": (_with("sections.0.fields.0.maximum", float("inf")), "maximum"),
    "a billion decimal places": (_with("sections.0.fields.0.places", 10**9), "places"),
    "infinite column width": (
        _with(
            "sections.0.body",
            [{"table": {"columns": [{"header": "a", "value": "b", "width": float("inf")}]}}],
        ),
        "width",
    ),
    "file over the size limit": (_yaml(BASE) + "description: '" + "说" * 400_000 + "'\n", "MB"),
}


@pytest.fixture
def user_templates() -> Path:
    folder = app_paths().user_templates
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _load_peak(path: Path) -> tuple[list[str], int]:
    tracemalloc.start()
    try:
        try:
            load_template(path)
            problems: list[str] = []
        except TemplateError as exc:
            problems = exc.problems
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return problems, peak


@pytest.mark.parametrize("case", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_template_is_listed_broken_and_the_others_load(
    case: tuple[str, str], user_templates: Path
) -> None:
    text, place = case
    folder = user_templates / "evil"
    folder.mkdir()
    (folder / "template.yaml").write_text(text, encoding="utf-8")

    problems, peak = _load_peak(folder / "template.yaml")
    assert problems, "the template must be refused"
    assert all("\n" not in p and len(p) < 400 for p in problems), problems
    assert place in problems[0], problems[0]
    assert peak < 200 * 1024 * 1024

    registry = default_registry()
    assert {"gz-dept-overall", "fs-sanshui-redbook", "hn-ziyang-overall"} <= set(registry.entries)
    assert [b.path.parent.name for b in registry.broken] == ["evil"]


def test_templates_list_survives_every_hostile_template(user_templates: Path, capsys) -> None:
    for index, (text, _) in enumerate(HOSTILE.values()):
        folder = user_templates / f"evil{index}"
        folder.mkdir()
        (folder / "template.yaml").write_text(text, encoding="utf-8")
    assert main(["templates", "list"]) == 0
    captured = capsys.readouterr()
    assert "内部错误" not in captured.err
    broken = [line for line in captured.out.splitlines() if line.startswith("无法加载")]
    assert len(broken) == len(HOSTILE)
    assert sum(line.startswith("gz-dept-overall") for line in captured.out.splitlines()) == 1


@pytest.mark.skipif(os.name != "posix", reason="named pipes")
def test_a_named_pipe_is_refused_without_blocking(user_templates: Path) -> None:
    folder = user_templates / "pipe"
    folder.mkdir()
    os.mkfifo(folder / "template.yaml")
    registry = default_registry()  # opening the pipe for reading would block forever
    assert [b.path.parent.name for b in registry.broken] == ["pipe"]
    assert "regular file" in registry.broken[0].problems[0]


def test_sections_within_the_depth_limit_still_load(tmp_path: Path) -> None:
    path = tmp_path / "template.yaml"
    path.write_text(_nested_sections(6), encoding="utf-8")
    template = load_template(path)
    assert max(depth for _, depth in template.walk()) == 6


@pytest.mark.parametrize(
    "source",
    [
        " + ".join(["a"] * 100_000),
        "(" * 5000 + "a" + ")" * 5000,
        "-" * 3000 + "a",
        "a * " + "9" * 5000,
        "not " * 2000 + "a",
    ],
    ids=["100k terms", "deep parentheses", "deep minus", "5000 digits", "deep not"],
)
def test_expression_limits_give_an_expression_error(source: str) -> None:
    with pytest.raises(expressions.ExpressionError) as caught:
        expressions.parse(source)
    assert "\n" not in str(caught.value) and len(str(caught.value)) < 300


def test_arithmetic_overflow_gives_none_not_an_exception() -> None:
    from decimal import Decimal

    huge = Decimal("9e999990")
    scope = expressions.Scope({"a": huge, "b": Decimal("1e-999990")})
    assert expressions.evaluate("a * a * a", scope) is None
    assert expressions.evaluate("ratio(a, b)", scope) is None
    with pytest.raises(expressions.ExpressionError, match="round"):
        expressions.evaluate("round(b, 999999999)", scope)


def test_a_hostile_sample_of_a_user_template_is_a_clear_error(user_templates: Path) -> None:
    # a user template replaces a built-in one of the same id with a newer
    # version; its sample draft is read within the draft bounds
    from fulian_desktop.context import AppContext
    from fulian_desktop.errors import UserError
    from fulian_desktop.paths import BUILTIN_TEMPLATES_DIR

    source = (BUILTIN_TEMPLATES_DIR / "gz-dept-overall" / "template.yaml").read_text("utf-8")
    data = yaml.safe_load(source)
    data["version"] = "999"
    folder = user_templates / "gz"
    folder.mkdir()
    (folder / "template.yaml").write_text(_yaml(data), encoding="utf-8")
    (folder / "sample.draft.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    ctx = AppContext.create()
    try:
        assert ctx.registry.entries["gz-dept-overall"].folder == folder
        with pytest.raises(UserError, match="嵌套"):
            ctx.sample_draft("gz-dept-overall")
    finally:
        ctx.close()
