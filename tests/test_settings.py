from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from pydantic import ValidationError

from fulian_desktop.settings import Settings, load_settings, save_settings


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "settings.json") == Settings()


def test_defaults_are_not_written(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    assert save_settings(Settings(), path) is False
    assert not path.exists()


def test_only_changed_values_are_stored(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    settings = Settings(unit_name="广州市番禺区妇女联合会", phone="020-12345678")
    assert save_settings(settings, path) is True
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == {
        "settings_version": 1,
        "unit_name": "广州市番禺区妇女联合会",
        "phone": "020-12345678",
    }
    assert load_settings(path) == settings


def test_unchanged_settings_do_not_rewrite_the_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    save_settings(Settings(filler="李丽"), path)
    before = path.stat().st_mtime_ns
    path.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")  # same text
    stamp = path.stat().st_mtime_ns
    assert save_settings(load_settings(path), path) is False
    assert path.stat().st_mtime_ns == stamp >= before


def test_setting_back_to_default_drops_it(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    save_settings(Settings(filler="李丽", position="科员"), path)
    settings = load_settings(path)
    settings.filler = ""
    assert save_settings(settings, path) is True
    assert "filler" not in json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "text", ["{not json", "[1, 2]", '{"font_overrides": {"nonsense": "宋体"}}', "\udcff"]
)
def test_damaged_file_gives_defaults_and_a_warning(
    tmp_path: Path, text: str, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    with caplog.at_level(logging.WARNING, logger="fulian_desktop"):
        assert load_settings(path) == Settings()
    assert any("settings file" in r.getMessage() for r in caplog.records)


def test_damaged_file_is_kept_aside(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{broken", encoding="utf-8")
    load_settings(path)
    assert [p.read_text(encoding="utf-8") for p in tmp_path.glob("settings.json.damaged-*")] == [
        "{broken"
    ]


def test_unit_defaults_and_style_overrides() -> None:
    settings = Settings(unit_name=" 某区妇联 ", filler="李丽", font_overrides={"body": "仿宋"})
    unit = settings.unit_defaults(year=2024)
    assert (unit.name, unit.filler, unit.year) == ("某区妇联", "李丽", 2024)
    assert settings.style_overrides() == {"fonts": {"body": "仿宋"}}
    assert Settings().style_overrides() == {}


def test_bad_font_name_is_refused() -> None:
    with pytest.raises(ValidationError):
        Settings(font_overrides={"body": "<script>"})


def test_settings_file_is_private(tmp_path: Path) -> None:
    import os
    import stat

    folder = tmp_path / "config"
    path = folder / "settings.json"
    settings = Settings(filler="李梅", phone="020-1234")
    assert save_settings(settings, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    os.chmod(path, 0o644)  # written by an older version
    settings.phone = "020-5678"
    assert save_settings(settings, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
