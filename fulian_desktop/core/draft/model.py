"""The draft: everything a clerk typed for one report.

Values are kept exactly as typed (strings), so nothing the clerk entered is
ever lost, even when it does not parse yet: "7o1.5" in a money field stays in
the draft and shows up as a validation issue. Field kinds parse these strings
when validating and composing; money is parsed to Decimal, never float.

Layout of ``values``:
- a plain field: ``values[field_id] = "text as typed"``
- a repeatable group: ``values[group_id] = [{sub_id: "text", ...}, ...]``
- a section that is optional and switched on/off: ``sections[section_id] = bool``

Field ids are unique within a template, so a flat dict is enough; an issue
path looks like ``"budget_total"`` or ``"tasks[2].result"``.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, timezone
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

#: Version of the draft's JSON shape. Bump it and register a migration in
#: MIGRATIONS whenever the shape changes; keep a fixture of every old version.
FORMAT_VERSION = 2

#: Keys added to the draft after format 1. Each has an empty default and is
#: left out of the content hash while it is empty, so a report signed off
#: under format 1 keeps its hash. A new optional key goes here too.
OPTIONAL_KEYS: tuple[str, ...] = (
    "scoresheet",
    "unplaced",
    "unconfirmed",
    "last_year",
    "title_lines",
    "sentences",
)
#: Optional fields added inside the unit identity; same rule, one level down.
OPTIONAL_UNIT_KEYS: tuple[str, ...] = ("short_name",)

GroupItem = dict[str, str]
Value = str | list[GroupItem]


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


class UnitIdentity(BaseModel):
    """Who writes the report; reused across reports and years."""

    model_config = ConfigDict(extra="forbid")

    name: str = ""  # 单位全称
    short_name: str = ""  # 简称 (番禺区妇联): a template's title may choose it
    year: int | None = None  # 年度 (the budget year the report is about)
    filler: str = ""  # 填表人
    position: str = ""  # 职务
    phone: str = ""  # 联系电话
    fill_date: date | None = None  # 填表日期


#: Order of the unit identity lines (they come before the outline) and their names.
UNIT_FIELDS = ("name", "short_name", "year", "filler", "position", "phone", "fill_date")
UNIT_LABELS = {
    "name": "单位全称",
    "short_name": "单位简称",
    "year": "年度",
    "filler": "填表人",
    "position": "职务",
    "phone": "联系电话",
    "fill_date": "填表日期",
}


class SignOff(BaseModel):
    """The 定稿 record: who approved, when, and the hash of what they approved."""

    model_config = ConfigDict(extra="forbid")

    by: str  # 单位主要领导
    date: date  # 定稿日期
    content_hash: str = ""  # SHA-256 of the canonical content at sign-off
    acknowledged: list[str] = Field(default_factory=list)  # warning keys acknowledged


class SentenceOverride(BaseModel):
    """The clerk's own wording of a generated sentence, kept beside the
    generated one and the figures it was generated from (core/compose/sentences.py)."""

    model_config = ConfigDict(extra="forbid")

    text: str  # her version, as typed
    generated: str = ""  # the generated sentence she rewrote
    figures: dict[str, str] = Field(default_factory=dict)  # name → value it was written for


class Draft(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format_version: int = FORMAT_VERSION
    template_id: str
    template_version: str = ""
    unit: UnitIdentity = Field(default_factory=UnitIdentity)
    values: dict[str, Value] = Field(default_factory=dict)
    sections: dict[str, bool] = Field(default_factory=dict)  # optional sections on/off
    options: dict[str, str | bool] = Field(default_factory=dict)  # template variants
    #: the 绩效自评表 as typed: rows, chosen weights, budget block (core/scoresheet/scoring.py)
    scoresheet: dict[str, Any] = Field(default_factory=dict)
    # The clerk's own line breaks of the title (one string per line); used
    # while they still spell the title, else the title breaks by itself.
    title_lines: list[str] = Field(default_factory=list)
    #: sentence key (core/compose/sentences.py) → the clerk's rewrite of that generated sentence
    sentences: dict[str, SentenceOverride] = Field(default_factory=dict)
    status: Literal["draft", "signed_off"] = "draft"
    signoff: SignOff | None = None
    created: datetime = Field(default_factory=_now)
    updated: datetime = Field(default_factory=_now)
    #: 未归类内容: paragraphs of an imported report not yet placed in a section
    unplaced: list[str] = Field(default_factory=list)
    #: 已导入，请核对: paths of values an import filled that the clerk has not confirmed
    unconfirmed: list[str] = Field(default_factory=list)
    #: last year's figures (field id → value as written) when the report was
    #: started from last year's draft or report: for 同比 sentences and checks
    last_year: dict[str, str] = Field(default_factory=dict)

    # -- access helpers -------------------------------------------------
    def text(self, field_id: str) -> str:
        """The raw text of a plain field ('' when absent or a group)."""
        value = self.values.get(field_id, "")
        return value if isinstance(value, str) else ""

    def items(self, group_id: str) -> list[GroupItem]:
        """The items of a repeatable group ([] when absent)."""
        value = self.values.get(group_id, [])
        return value if isinstance(value, list) else []

    @property
    def signed_off(self) -> bool:
        return self.status == "signed_off"

    # -- serialisation --------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def canonical_json(self) -> str:
        """Stable JSON (sorted keys, no spaces): what revisions store and hash."""
        return canonical_json(self.to_dict())

    def content_hash(self) -> str:
        """SHA-256 of the report's content: what a sign-off approves.

        Timestamps, status and the sign-off record itself are left out, so the
        same content always gives the same hash.
        """
        data = self.to_dict()
        for key in ("created", "updated", "status", "signoff"):
            data.pop(key, None)
        # Hashed in format 1's frame, so a report signed off then keeps its hash.
        data["format_version"] = 1
        for key in OPTIONAL_KEYS:
            if not data.get(key):
                data.pop(key, None)
        unit = data.get("unit")
        if isinstance(unit, dict):
            for key in OPTIONAL_UNIT_KEYS:
                if not unit.get(key):
                    unit.pop(key, None)
        return sha256_text(canonical_json(data))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Draft:
        """Load a draft of any known format version (migrating old ones)."""
        return cls.model_validate(migrate(dict(data)))

    @classmethod
    def from_json(cls, text: str) -> Draft:
        return cls.from_dict(json.loads(text))


def canonical_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class DraftFormatError(ValueError):
    """A draft's JSON is of a version this program cannot read."""


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    # Format 2 only adds optional keys (OPTIONAL_KEYS) with empty defaults.
    return data


# Migrations: MIGRATIONS[n] turns a version-n dict into a version-(n+1) dict.
MIGRATIONS: dict[int, Any] = {1: _v1_to_v2}


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    version = data.get("format_version", 1)
    if not isinstance(version, int) or version < 1:
        raise DraftFormatError(f"unknown draft format version: {version!r}")
    if version > FORMAT_VERSION:
        raise DraftFormatError(
            f"draft format {version} is newer than this program understands ({FORMAT_VERSION}); "
            "please update the application"
        )
    while version < FORMAT_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
        data["format_version"] = version
    return data
