"""Golden files: each built-in sample's composed text, reviewed once by eye.

The composed text must equal ``tests/fixtures/golden/<template id>.txt`` and
the text read back from the exported .docx must equal the composed text.
After a deliberate change, regenerate with ``UPDATE_GOLDEN=1 pytest
tests/render/test_export_golden.py`` and review the diff before committing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fulian_desktop.cli import main
from fulian_desktop.core.compose.composer import compose, default_file_name
from fulian_desktop.core.draft.model import Draft, SignOff
from fulian_desktop.core.template.loading import load_template
from fulian_desktop.core.template.registry import SAMPLE_FILE, TEMPLATE_FILE
from fulian_desktop.paths import BUILTIN_TEMPLATES_DIR
from fulian_desktop.render.docx import read_custom_properties, read_docx_text, write_docx

GOLDEN = Path(__file__).resolve().parent.parent / "fixtures" / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def template_folders() -> list[Path]:
    if not BUILTIN_TEMPLATES_DIR.is_dir():
        return []
    return sorted(p for p in BUILTIN_TEMPLATES_DIR.iterdir() if (p / TEMPLATE_FILE).is_file())


def load_sample(folder: Path):
    template = load_template(folder / TEMPLATE_FILE)
    draft = Draft.from_json((folder / SAMPLE_FILE).read_text(encoding="utf-8"))
    return template, draft


@pytest.mark.parametrize("folder", template_folders(), ids=lambda p: p.name)
def test_sample_text_matches_golden_and_docx(folder: Path, tmp_path: Path):
    template, draft = load_sample(folder)
    doc = compose(template, draft)
    text = doc.text()
    golden = GOLDEN / f"{template.id}.txt"
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text + "\n", encoding="utf-8")
    assert golden.is_file(), f"no golden file {golden.name}: run with UPDATE_GOLDEN=1 and review it"
    assert text + "\n" == golden.read_text(encoding="utf-8")

    path = tmp_path / default_file_name(template, draft)
    write_docx(doc, path)
    assert read_docx_text(path) == text
    props = read_custom_properties(path)
    assert props["template_id"] == template.id
    assert props["template_version"] == template.version


@pytest.mark.parametrize("folder", template_folders(), ids=lambda p: p.name)
def test_signed_off_sample_exports_final(folder: Path, tmp_path: Path, capsys):
    template, draft = load_sample(folder)
    draft = draft.model_copy(
        update={
            "status": "signed_off",
            "signoff": SignOff(by="张某", date=draft.unit.fill_date or "2022-01-05"),
        }
    )
    source = tmp_path / "signed.json"
    source.write_text(json.dumps(draft.to_dict(), ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out.docx"
    assert main(["export", str(source), "-o", str(out)]) == 0
    assert "定稿" in capsys.readouterr().out
    final = compose(template, draft, final=True)
    assert not final.draft_marker
    assert read_docx_text(out) == final.text()
    assert "（未填写）" not in final.text()


def test_export_to_default_name_in_current_folder(tmp_path: Path, monkeypatch, capsys):
    folders = template_folders()
    if not folders:
        pytest.skip("no built-in templates yet")
    template, draft = load_sample(folders[0])
    monkeypatch.chdir(tmp_path)
    assert main(["export", str(folders[0] / SAMPLE_FILE)]) == 0
    expected = tmp_path / default_file_name(template, draft)
    assert expected.is_file()
    assert str(expected) in capsys.readouterr().out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "找不到草稿文件"),
        ("", "不是草稿文件"),
        ("[1, 2]", "不是草稿文件"),
        ('{"template_id": "nope"}', "本机没有草稿所用的模板"),
        ('{"template_id": "x", "values": 3}', "不符合草稿格式"),
        ('{"template_id": "x", "format_version": 99}', "newer"),
    ],
)
def test_export_errors_are_one_line(tmp_path: Path, capsys, content, message):
    source = tmp_path / "bad.json"
    if content is not None:
        source.write_text(content, encoding="utf-8")
    assert main(["export", str(source), "-o", str(tmp_path / "x.docx")]) == 1
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1 and "Traceback" not in err


def test_export_unknown_store_id_is_one_line(capsys):
    assert main(["export", "no-such-draft"]) == 1
    err = capsys.readouterr().err.strip()
    assert "no-such-draft" in err and len(err.splitlines()) == 1


def test_export_from_the_store_and_from_a_draft_file(tmp_path: Path, capsys):
    folders = template_folders()
    if not folders:
        pytest.skip("no built-in templates yet")
    from fulian_desktop.storage.files import export_draft_file
    from fulian_desktop.storage.store import Store

    template, draft = load_sample(folders[0])
    with Store() as store:
        info = store.create(draft, kind="manual")
        draft_file = export_draft_file(store, tmp_path / "moved", draft_id=info.id)
    assert main(["export", info.id, "-o", str(tmp_path)]) == 0
    from_store = tmp_path / default_file_name(template, draft)
    assert read_docx_text(from_store) == compose(template, draft).text()
    assert main(["export", str(draft_file), "-o", str(tmp_path / "from-file")]) == 0
    assert read_docx_text(tmp_path / "from-file.docx") == compose(template, draft).text()


def test_demo_writes_every_sample(tmp_path: Path, capsys):
    folders = template_folders()
    if not folders:
        pytest.skip("no built-in templates yet")
    target = tmp_path / "demo"
    assert main(["demo", str(target)]) == 0
    printed = capsys.readouterr().out.split()
    drafts = sorted(target.glob("*.draft.json"))
    docs = sorted(target.glob("*.docx"))
    sheets = sorted(target.glob("*（绩效自评表）.xlsx"))  # every built-in sample fills one
    assert [p.name for p in drafts] == sorted(f"{f.name}.draft.json" for f in folders)
    assert len(docs) == len(sheets) == len(folders)
    assert sorted(printed) == sorted(str(p) for p in [*drafts, *docs, *sheets])


@pytest.mark.parametrize("folder", template_folders()[:1], ids=lambda p: p.name)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=st.text(max_size=200))
def test_any_longtext_exports(folder: Path, tmp_path: Path, text: str):
    template, draft = load_sample(folder)
    longtexts = [spec.id for _, spec in template.all_fields() if spec.kind == "longtext"]
    values = dict(draft.values)
    values[longtexts[0]] = text
    values[longtexts[-1]] = f"前{text}后"
    draft = draft.model_copy(update={"values": values})
    doc = compose(template, draft)
    path = tmp_path / "any.docx"
    write_docx(doc, path)
    assert read_docx_text(path) == doc.text()
