"""No figure or text a clerk or a draft file can hold causes an internal error
(issue 15, class 2).

Hostile drafts go through the command line as a clerk's colleague would send
them: ``validate``, ``export`` and ``drafts import``. Each ends with a result
or a one-line message (exit 0, 1 or 2), never "internal error" or a
traceback. A hypothesis property test does the same with arbitrary JSON and
arbitrary strings, surrogates included, in every part of a draft.
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import os
import threading
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fulian_desktop.cli import main
from fulian_desktop.core.draft.model import canonical_json
from fulian_desktop.paths import BUILTIN_TEMPLATES_DIR
from fulian_desktop.storage.files import FILE_FORMAT, FILE_VERSION

SAMPLE: dict[str, Any] = json.loads(
    (BUILTIN_TEMPLATES_DIR / "gz-dept-overall" / "sample.draft.json").read_text(encoding="utf-8")
)
LONGTEXT = "overview_text"


_BUILTIN: list[Any] = []


@pytest.fixture(autouse=True)
def registry_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every command loads the templates; load the built-in ones once for this
    module's hundreds of commands (no user templates in these tests)."""
    from fulian_desktop.core.template import registry

    if not _BUILTIN:
        _BUILTIN.append(registry.load_registry([(BUILTIN_TEMPLATES_DIR, True)]))
    monkeypatch.setattr(registry, "default_registry", lambda: _BUILTIN[0])


def _sha(data: dict[str, Any]) -> str:
    # as an attacker would compute it: over the raw code units
    return hashlib.sha256(canonical_json(data).encode("utf-8", "surrogatepass")).hexdigest()


def fldraft_text(draft: Any) -> str:
    """A draft file around ``draft`` with a checksum that matches it."""
    ok = isinstance(draft, dict)
    envelope = {
        "format": FILE_FORMAT,
        "file_version": FILE_VERSION,
        "draft_id": "attack01",
        "template_id": draft.get("template_id", "") if ok else "",
        "template_version": draft.get("template_version", "") if ok else "",
        "sha256": _sha(draft) if ok else "0" * 64,
        "draft": draft,
    }
    return json.dumps(envelope)  # ensure_ascii: lone surrogates become \\ud800


def _with(path: str, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(SAMPLE)
    node: Any = data
    *parents, last = path.split(".")
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    node[int(last) if isinstance(node, list) else last] = value
    return data


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def assert_handled(code: int, err: str) -> None:
    assert code in (0, 1, 2), err
    assert "内部错误" not in err and "Traceback" not in err, err
    errors = [line for line in err.splitlines() if "error" in line]
    assert len(errors) <= 1 and all(len(line) < 500 for line in errors), err


def through_every_command(folder: Path, text: str) -> list[tuple[int, str]]:
    """validate, export (plain JSON and .fldraft) and drafts import of one file."""
    results = []
    for name in ("draft.json", "draft.fldraft"):
        path = folder / name
        path.write_bytes(text.encode("utf-8", "surrogatepass"))  # broken bytes, as found
        for argv in (
            ("validate", str(path)),
            ("export", str(path), "-o", str(folder / "out.docx")),
        ):
            code, _, err = run_cli(*argv)
            assert_handled(code, err)
            results.append((code, err))
    code, _, err = run_cli("drafts", "import", str(folder / "draft.fldraft"))
    assert_handled(code, err)
    results.append((code, err))
    return results


HOSTILE: dict[str, str] = {
    "a figure of a million digits": json.dumps(_with("values.exec_total", "1" + "0" * 1_000_000)),
    "a 40-digit figure": json.dumps(_with("values.exec_total", "9" * 40)),
    "a 5,000-digit JSON integer": json.dumps(SAMPLE).replace(
        '"year": 2023', '"year": ' + "1" * 5000
    ),
    "JSON nested 200,000 deep": '{"values": ' + "[" * 200_000 + "]" * 200_000 + "}",
    "JSON nested 500 deep in a value": json.dumps(SAMPLE).replace(
        '"values": {', '"values": {"x": ' + "[" * 500 + "]" * 500 + ", ", 1
    ),
    "a lone surrogate in a value": json.dumps(_with(f"values.{LONGTEXT}", "收支\ud800情况")),
    "a lone surrogate in the unit name": json.dumps(_with("unit.name", "\udfff妇联")),
    "a lone surrogate in a key": json.dumps(SAMPLE).replace(
        '"values": {', '"values": {"a\\ud800": "x", ', 1
    ),
    "a unit name of 300 characters": json.dumps(_with("unit.name", "某" * 300)),
    "a text of 3 MB": json.dumps(_with(f"values.{LONGTEXT}", "字" * 3_000_000)),
    "NaN where a year goes": json.dumps(SAMPLE).replace('"year": 2023', '"year": NaN'),
    "a huge float": json.dumps(SAMPLE).replace('"year": 2023', '"year": 1e999'),
    "a year of 30 digits": json.dumps(_with("unit.year", 10**29)),
    "a year of 18 digits": json.dumps(_with("unit.year", 10**17)),
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_plain_draft_gives_a_result_or_one_line(text: str, tmp_path: Path) -> None:
    through_every_command(tmp_path, text)


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_draft_file_gives_a_result_or_one_line(text: str, tmp_path: Path) -> None:
    try:
        draft = json.loads(text)
    except (ValueError, RecursionError):
        pytest.skip("not JSON a draft file can wrap")
    through_every_command(tmp_path, fldraft_text(draft))


def test_a_lone_surrogate_is_replaced_visibly_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "d.fldraft"
    path.write_text(fldraft_text(_with(f"values.{LONGTEXT}", "收支\ud800情况")), encoding="utf-8")
    code, out, err = run_cli("drafts", "import", str(path))
    assert code == 0, err
    assert "已替换为“\ufffd”" in err
    code, _, err = run_cli("export", str(path), "-o", str(tmp_path / "out.docx"))
    assert code == 0 and "\ufffd" in err

    from fulian_desktop.render.docx import read_docx_text

    text = read_docx_text(tmp_path / "out.docx")
    assert "收支\ufffd情况" in text


def test_over_long_figures_and_texts_are_validation_errors(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    path.write_text(json.dumps(_with("values.exec_total", "9" * 40)), encoding="utf-8")
    code, out, _ = run_cli("validate", str(path))
    assert code == 1 and "40 位数字，太长了" in out

    from fulian_desktop.core.check.validate import validate
    from fulian_desktop.core.draft.bounds import MAX_FIELD_CHARS
    from fulian_desktop.core.draft.model import Draft
    from fulian_desktop.core.template.registry import default_registry

    # typed in the window (no file bound applies): a validation error, kept as typed
    draft = Draft.from_dict(_with(f"values.{LONGTEXT}", "字" * (MAX_FIELD_CHARS + 1)))
    issues = validate(default_registry().get("gz-dept-overall"), draft)
    assert any(i.path == LONGTEXT and "上限" in i.message for i in issues)
    assert len(draft.values[LONGTEXT]) == MAX_FIELD_CHARS + 1


def test_a_text_over_the_bound_in_a_file_names_its_place(tmp_path: Path) -> None:
    path = tmp_path / "d.fldraft"
    path.write_text(fldraft_text(_with(f"values.{LONGTEXT}", "字" * 1_500_000)), encoding="utf-8")
    code, _, err = run_cli("drafts", "import", str(path))
    assert code == 1 and f"draft.values.{LONGTEXT}" in err and "1000000" in err


@pytest.mark.skipif(os.name != "posix", reason="named pipes")
@pytest.mark.parametrize(
    "argv", [("drafts", "import"), ("validate",), ("export",)], ids=["import", "validate", "export"]
)
def test_a_named_pipe_is_refused_without_opening_it(argv: tuple[str, ...], tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.fldraft"
    os.mkfifo(fifo)
    opened = threading.Event()

    def writer() -> None:  # gets past open() only if someone opens the pipe to read
        try:
            with open(fifo, "w", encoding="utf-8") as fh:
                opened.set()
                fh.write("{}")
        except OSError:  # the reader below closed at once
            pass

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    code, _, err = run_cli(*argv, str(fifo))
    was_opened = opened.is_set()
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # lets the writer finish
    thread.join()
    os.close(reader)
    assert not was_opened
    assert code == 1 and ("不是普通文件" in err or "不是文件" in err)


# --------------------------------------------------------------- properties

#: characters that broke something once: lone surrogates, NUL, non-characters,
#: line ends, jinja braces, digits
SPECIAL = st.sampled_from(["\ud800", "\udfff", "\x00", "\ufffe", "\n", "{{", "9", "字"])
#: text with anything in it: lone surrogates, controls, private use …
ANY_TEXT = st.lists(st.characters(exclude_categories=()) | SPECIAL, max_size=30).map("".join)
#: figures as typed: long, with a sign, a point, full-width digits, units
FIGURES = st.from_regex(r"[+-]?[0-9０-９]{0,60}(\.[0-9]{0,40})?(万元|%)?", fullmatch=True)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=10**17, max_value=10**60)
    | st.floats(allow_nan=False)
    | FIGURES
    | ANY_TEXT,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(ANY_TEXT, children, max_size=4)
    ),
    max_leaves=12,
)
#: where in a draft a hostile value goes
PLACES = [
    "values.exec_total",
    "values.budget_total",
    f"values.{LONGTEXT}",
    "values.tasks",
    "values.tasks.0.statement",
    "values.fill_date",
    "unit.name",
    "unit.year",
    "unit.fill_date",
    "unit.phone",
    "options",
    "sections",
    "format_version",
    "template_id",
    "status",
    "signoff",
    "values",
]
QUIET = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@QUIET
@given(place=st.sampled_from(PLACES), value=JSON_VALUES | ANY_TEXT)
def test_any_value_anywhere_gives_a_result_or_one_line(
    place: str, value: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("p")
    data = _with(place, value)
    through_every_command(folder, json.dumps(data))
    through_every_command(folder, fldraft_text(data))


@QUIET
@given(document=JSON_VALUES | ANY_TEXT.map(json.dumps) | ANY_TEXT)
def test_any_json_or_text_file_gives_a_result_or_one_line(
    document: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("f")
    text = document if isinstance(document, str) else json.dumps(document)
    through_every_command(folder, text)
    through_every_command(folder, fldraft_text(document))
