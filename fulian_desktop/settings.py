"""The user's settings: one model, each setting declared once with its default.

Only settings that differ from their default are written (Mu's
``changed_only``), so a later version can change a default and everyone who
never touched that setting gets the new one. The file is JSON in the config
folder, written atomically, and written only when something changed.

A damaged settings file never stops the program: it is moved aside (kept for
a curious person), a warning is logged, and the defaults are used.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from fulian_desktop.core.draft.model import UnitIdentity
from fulian_desktop.storage.atomic import atomic_write_text

log = logging.getLogger(__name__)

#: Version of the settings file's shape (a migration goes in ``_migrate``).
SETTINGS_VERSION = 1


class Settings(BaseModel):
    """Everything the clerk can set once and reuse."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    # Unit identity: prefilled into every new report.
    unit_name: str = ""  # 单位全称
    unit_short_name: str = ""  # 单位简称 (a template's title may use it)
    filler: str = ""  # 填表人
    position: str = ""  # 职务
    phone: str = ""  # 联系电话
    #: Where 导出 suggests saving ('' = the user's documents folder).
    export_folder: str = ""
    #: Role → font family, laid over the template's style profile
    #: (e.g. {"body": "仿宋"} on a PC without 仿宋_GB2312).
    font_overrides: dict[str, str] = {}
    #: The template chosen last time, preselected in 新建报告.
    last_template: str = ""
    #: The editing window was maximised when last closed (opened maximised again).
    window_maximized: bool = False
    #: Point size of the text in the form's editors (Ctrl+wheel or 设置 change it);
    #: 12 pt is 16 px on a 96-dpi screen, the size of the preview's body text.
    editor_font_pt: int = Field(default=12, ge=8, le=28)

    @field_validator(
        "unit_name",
        "unit_short_name",
        "filler",
        "position",
        "phone",
        "export_folder",
        "last_template",
    )
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()

    @field_validator("font_overrides")
    @classmethod
    def _check_fonts(cls, value: dict[str, str]) -> dict[str, str]:
        # Checked against the style profile's own font model, so a setting can
        # never produce a profile that the DOCX writer refuses.
        from fulian_desktop.render.styles import Fonts

        cleaned = {role: font.strip() for role, font in value.items() if font.strip()}
        unknown = sorted(set(cleaned) - set(Fonts.model_fields))
        if unknown:
            raise ValueError(f"unknown font roles: {', '.join(unknown)}")
        Fonts(**cleaned)  # raises on a bad font name
        return cleaned

    # -- what other parts ask for --------------------------------------
    def unit_defaults(self, year: int | None = None) -> UnitIdentity:
        """The unit identity a new report starts with."""
        return UnitIdentity(
            name=self.unit_name,
            short_name=self.unit_short_name,
            year=year,
            filler=self.filler,
            position=self.position,
            phone=self.phone,
        )

    def style_overrides(self) -> dict[str, Any]:
        """The overrides to lay over a template's profile (``load_profile``)."""
        return {"fonts": dict(self.font_overrides)} if self.font_overrides else {}

    def changed_values(self) -> dict[str, Any]:
        """Only the settings that differ from their defaults (what is saved)."""
        return self.model_dump(mode="json", exclude_defaults=True)


def _file_text(settings: Settings) -> str:
    data = {"settings_version": SETTINGS_VERSION, **settings.changed_values()}
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _migrate(data: dict[str, Any]) -> dict[str, Any]:
    version = data.pop("settings_version", 1)
    if not isinstance(version, int) or version > SETTINGS_VERSION:
        raise ValueError(f"settings version {version!r} is newer than this program")
    return data


def _set_aside(path: Path) -> None:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    try:
        path.replace(path.with_name(f"{path.name}.damaged-{stamp}"))
    except OSError as exc:
        log.warning("could not move the damaged settings file aside: %s", exc)


def load_settings(path: Path) -> Settings:
    """Read the settings file; defaults when it is missing or damaged."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("settings file %s unreadable, using defaults: %s", path, exc)
        return Settings()
    try:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("the file is not a JSON object")
        return Settings.model_validate(_migrate(data))
    except (ValueError, ValidationError) as exc:
        log.warning("settings file %s damaged, using defaults: %s", path, exc)
        _set_aside(path)
        return Settings()


def save_settings(settings: Settings, path: Path) -> bool:
    """Write the changed settings if the file would differ; True when written."""
    text = _file_text(settings)
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    if not path.exists() and not settings.changed_values():
        return False  # all defaults: no file needed
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # The filler's name and phone: private to the user, like the drafts.
    atomic_write_text(path, text, mode=0o600)
    return True
