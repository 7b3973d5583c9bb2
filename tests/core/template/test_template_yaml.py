"""libyaml and the pure-Python parser read templates alike.

Templates load through libyaml's loader when PyYAML has it (startup: ~8 ms
instead of ~80 ms for the built-ins) and through the pure-Python one
otherwise. Both must give the same data for every built-in template and
refuse the same hostile files with the same kind of one-line reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from test_template_limits import HOSTILE
from testkit.paths import REPO_ROOT

from fulian_desktop.core.template.loading import (
    MAX_NUMBER_DIGITS,
    MAX_YAML_DEPTH,
    MAX_YAML_NODES,
    TemplateError,
    _loader,
    load_template,
    yaml_base,
)
from fulian_desktop.core.template.registry import TEMPLATE_FILE

TEMPLATES = REPO_ROOT / "templates"
BUILTINS = sorted(TEMPLATES.glob(f"*/{TEMPLATE_FILE}"))

C_LOADER = getattr(yaml, "CSafeLoader", None)
BASES = [
    pytest.param(yaml.SafeLoader, id="python"),
    pytest.param(
        C_LOADER,
        id="libyaml",
        marks=pytest.mark.skipif(C_LOADER is None, reason="PyYAML without libyaml"),
    ),
]


def _problems(text: str, base: type, folder: Path) -> list[str]:
    """What loading ``text`` as a template.yaml with ``base`` refuses ([] if nothing)."""
    path = folder / "template.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_template(path, base)
    except TemplateError as exc:
        return exc.problems
    return []


def test_the_default_is_libyaml_when_pyyaml_has_it() -> None:
    assert yaml_base() is (C_LOADER or yaml.SafeLoader)


@pytest.mark.skipif(C_LOADER is None, reason="PyYAML without libyaml")
@pytest.mark.parametrize("path", BUILTINS, ids=lambda p: p.parent.name)
def test_both_loaders_give_the_same_data_and_template(path: Path) -> None:
    text = path.read_text("utf-8")
    data: list[Any] = [
        yaml.load(text, Loader=_loader(base)) for base in (yaml.SafeLoader, C_LOADER)
    ]  # noqa: S506
    assert data[0] == data[1]
    # == alone would let 1 == 1.0 == True through: compare the types too
    assert repr(data[0]) == repr(data[1])
    templates = [load_template(path, base) for base in (yaml.SafeLoader, C_LOADER)]
    assert templates[0] == templates[1]


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("case", HOSTILE.values(), ids=HOSTILE.keys())
def test_both_loaders_refuse_every_hostile_template(
    case: tuple[str, str], base: type, tmp_path: Path
) -> None:
    text, place = case
    problems = _problems(text, base, tmp_path)
    assert problems, "the template must be refused"
    assert all("\n" not in p and len(p) < 400 for p in problems), problems
    assert place in problems[0], problems[0]


#: Files each limit refuses; the reason names the limit and the place
LIMITS = {
    "depth": (
        "a:" + " [" * (MAX_YAML_DEPTH + 1) + " ]" * (MAX_YAML_DEPTH + 1) + "\n",
        "nested deeper",
    ),
    "bracket run": ("a: " + "[" * 5000 + "]" * 5000 + "\n", "nested deeper"),
    "aliases": (
        "a: &a [" + ", ".join(["x"] * 1000) + "]\nb: [" + ", ".join(["*a"] * 300) + "]\n",
        f"more than {MAX_YAML_NODES} values",
    ),
    "digits": ("years: [" + "9" * (MAX_NUMBER_DIGITS + 1) + "]\n", "digits is too long"),
    "syntax": ("id: x\nsections: [\n  - id: a\n", "not valid YAML"),
}


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("case", LIMITS.values(), ids=LIMITS.keys())
def test_each_yaml_limit_gives_its_reason_with_line_and_column(
    case: tuple[str, str], base: type, tmp_path: Path
) -> None:
    text, reason = case
    problems = _problems(text, base, tmp_path)
    assert len(problems) == 1
    assert problems[0].startswith("line ") and ", column " in problems[0], problems[0]
    assert reason in problems[0], problems[0]


@pytest.mark.skipif(C_LOADER is None, reason="PyYAML without libyaml")
@pytest.mark.parametrize("name", ["depth", "aliases", "digits"])
def test_our_own_limits_say_the_same_at_the_same_place(name: str, tmp_path: Path) -> None:
    text = LIMITS[name][0]
    assert _problems(text, yaml.SafeLoader, tmp_path) == _problems(text, C_LOADER, tmp_path)


def test_without_libyaml_templates_load_with_the_python_loader(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delattr(yaml, "CSafeLoader", raising=False)  # as PyYAML built without it
    assert yaml_base() is yaml.SafeLoader
    template = load_template(BUILTINS[0])
    assert template.id == BUILTINS[0].parent.name
