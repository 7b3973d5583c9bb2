"""The GB/T 9704 style profile and its overrides."""

from __future__ import annotations

import pytest

from fulian_desktop.errors import UserError
from fulian_desktop.render.styles import ROLES, load_profile, mm_to_twips, profile_fonts


def test_gbt9704_defaults_match_the_spec():
    profile = load_profile("gbt9704")
    assert profile.page_twips == (11906, 16838)
    assert profile.margin_twips == {"top": 2098, "bottom": 1984, "left": 1587, "right": 1474}
    assert profile.line_pitch_twips == 579
    assert (profile.lines_per_page, profile.chars_per_line) == (22, 28)
    assert profile.char_spacing_twips == -5
    assert profile.text_width_twips == 8845  # 156 mm
    # 22 lines of 579 twips fill the 225 mm text block (within a line).
    block_height = profile.page_twips[1] - profile.margin_twips["top"] - 1984
    assert 0 <= block_height - 22 * profile.line_pitch_twips < profile.line_pitch_twips
    assert profile.fonts.body == "仿宋_GB2312"
    assert profile.fonts.title == "方正小标宋简体"
    assert profile.fonts.h1 == "黑体"
    assert profile.fonts.h2 == "楷体_GB2312"
    assert profile.fonts.latin == "Times New Roman"
    assert profile.role("title").size_pt == 22
    assert profile.role("body").first_line_chars == 2
    assert profile.role("h3").bold
    assert [profile.role(f"h{n}").outline_level for n in range(1, 5)] == [0, 1, 2, 3]
    assert profile.role("page_number").size_pt == 14
    assert set(profile.roles) == set(ROLES)


def test_mm_to_twips_rounds_half_up():
    assert [mm_to_twips(mm) for mm in (37, 35, 28, 26, 210, 297)] == [
        2098,
        1984,
        1587,
        1474,
        11906,
        16838,
    ]


def test_overrides_are_merged_deeply():
    profile = load_profile(
        "gbt9704",
        {
            "fonts": {"body": "仿宋"},
            "margins_mm": {"top": 35},
            "roles": {"table": {"size_pt": 12}},
        },
    )
    assert profile.fonts.body == "仿宋"
    assert profile.fonts.h2 == "楷体_GB2312"  # untouched
    assert profile.margin_twips["top"] == 1984
    assert profile.margin_twips["left"] == 1587
    assert profile.role("table").size_pt == 12
    assert profile.role("table").align == "left"


@pytest.mark.parametrize(
    ("overrides", "needle"),
    [
        ({"colour": "red"}, "colour"),
        ({"fonts": {"bodyy": "仿宋"}}, "fonts.bodyy"),
        ({"margins_mm": {"top": -3}}, "margins_mm.top"),
        ({"margins_mm": {"top": "abc"}}, "应是数字"),
        ({"margins_mm": 3}, "margins_mm"),
        ({"fonts": {"body": ""}}, "fonts.body"),
        ({"fonts": {"body": "仿宋\x00"}}, "fonts.body"),
        ({"roles": {"body": {"align": "middle"}}}, "roles.body.align"),
        ({"roles": {"marker": {"color": "grey"}}}, "roles.marker.color"),
        ({"margins_mm": {"left": 100, "right": 100}}, "左右页边距"),
        ({"grid_type": "chars"}, "grid_type"),
    ],
)
def test_bad_overrides_give_one_plain_line(overrides, needle):
    with pytest.raises(UserError) as caught:
        load_profile("gbt9704", overrides)
    message = str(caught.value)
    assert needle in message
    assert "\n" not in message


def test_unknown_profile_names_the_known_ones():
    with pytest.raises(UserError, match="gbt9704"):
        load_profile("letter")


def test_overrides_must_be_a_mapping():
    with pytest.raises(UserError):
        load_profile("gbt9704", ["fonts"])  # type: ignore[arg-type]


def test_profile_fonts_lists_every_family():
    fonts = profile_fonts(load_profile("gbt9704", {"fonts": {"note": "楷体"}}))
    assert fonts == {
        "仿宋_GB2312",
        "方正小标宋简体",
        "黑体",
        "楷体_GB2312",
        "楷体",
        "宋体",
        "Times New Roman",
    }


def test_character_grid_space_fills_the_block():
    profile = load_profile("gbt9704", {"grid_type": "linesAndChars"})
    pitch = profile.body_size_pt + profile.char_space / 4096
    assert abs(pitch * profile.chars_per_line - profile.text_width_twips / 20) < 0.1
