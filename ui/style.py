"""One visual style for the traveller's screens: colours, type scale, touch-target size.

The colour pairs are data so the tests can hold them to WCAG 2.x contrast (≥ 4.5:1), and the
stylesheet is generated from them, so what is tested is what is shown. Two palettes: the standard
one and a high-contrast one (with larger type) the traveller can switch to from any screen.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

TOUCH_TARGET_MM = 15.0  # the smallest control a tired traveller can hit first time (issue #9)


@dataclass(frozen=True)
class Palette:
    name: str
    background: str
    text: str
    title: str
    muted: str  # step counter, secondary lines
    guidance: str  # live feedback from the devices
    accent: str  # primary buttons, progress
    on_accent: str
    accent_pressed: str
    secondary: str  # secondary buttons (language, accessibility)
    on_secondary: str
    checked: str  # a selected answer
    on_checked: str
    clear: str  # green result
    refer: str  # red result
    on_result: str
    overlay: str  # "are you still there?"
    on_overlay: str
    border: str
    art_backdrop: str = "transparent"  # behind the pictures (drawn for a light background)

    def pairs(self) -> dict[str, tuple[str, str]]:
        """Every foreground/background pair the stylesheet uses for text (for the contrast test)."""
        return {
            "text": (self.text, self.background),
            "title": (self.title, self.background),
            "muted": (self.muted, self.background),
            "guidance": (self.guidance, self.background),
            "button": (self.on_accent, self.accent),
            "button-pressed": (self.on_accent, self.accent_pressed),
            "secondary": (self.on_secondary, self.secondary),
            "checked": (self.on_checked, self.checked),
            "clear": (self.on_result, self.clear),
            "refer": (self.on_result, self.refer),
            "overlay": (self.on_overlay, self.overlay),
        }


STANDARD = Palette(
    name="standard",
    background="#f6f8fa",
    text="#1b2733",
    title="#1f4e79",
    muted="#4a5866",
    guidance="#7a4a00",
    accent="#1f4e79",
    on_accent="#ffffff",
    accent_pressed="#163a5a",
    secondary="#dfe4ea",
    on_secondary="#1b2733",
    checked="#1f4e79",
    on_checked="#ffffff",
    clear="#17693a",
    refer="#a8231b",
    on_result="#ffffff",
    overlay="#ffffff",
    on_overlay="#1b2733",
    border="#8795a3",
)

HIGH_CONTRAST = Palette(
    name="high-contrast",
    background="#000000",
    text="#ffffff",
    title="#ffff00",
    muted="#e0e0e0",
    guidance="#ffd84d",
    accent="#ffff00",
    on_accent="#000000",
    accent_pressed="#d4d400",
    secondary="#1a1a1a",
    on_secondary="#ffffff",
    checked="#ffffff",
    on_checked="#000000",
    clear="#00592a",
    refer="#8b0000",
    on_result="#ffffff",
    overlay="#000000",
    on_overlay="#ffffff",
    border="#ffffff",
    art_backdrop="#d9dee4",
)


@dataclass(frozen=True)
class TypeScale:
    """Pixel sizes at the kiosk's design resolution (1080 px wide); `scaled` for large text."""

    title: int = 46
    instruction: int = 32
    guidance: int = 28
    body: int = 26
    button: int = 28
    small: int = 22

    def scaled(self, factor: float) -> TypeScale:
        return replace(self, **{k: round(v * factor) for k, v in self.__dict__.items()})


TYPE = TypeScale()
LARGE_TEXT_FACTOR = 1.3


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance of an sRGB colour such as '#1f4e79'."""
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast_ratio(fg: str, bg: str) -> float:
    a, b = sorted((relative_luminance(fg), relative_luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def touch_target_px(physical_dpi: float, mm: float = TOUCH_TARGET_MM) -> int:
    """Pixels for `mm` on a screen of `physical_dpi` (rounded up: never smaller than asked)."""
    return math.ceil(mm / 25.4 * physical_dpi)


# Qt falls back along this list glyph by glyph. The CJK fonts share their glyphs but differ in the
# regional forms, so the traveller's language puts its own first; they have no Cyrillic: DejaVu does.
CJK_FONTS = {"zh_CN": "Noto Sans CJK SC", "zh_TW": "Noto Sans CJK TC", "ja": "Noto Sans CJK JP",
             "ko": "Noto Sans CJK KR"}
LATIN_CYRILLIC_FONT = "DejaVu Sans"


def font_families(language: str = "zh_CN") -> list[str]:
    first = CJK_FONTS.get(language, CJK_FONTS["zh_CN"])
    return [first, *(f for f in CJK_FONTS.values() if f != first), LATIN_CYRILLIC_FONT]


def stylesheet(palette: Palette = STANDARD, large: bool = False, target_px: int = 60, language: str = "zh_CN") -> str:
    t = TYPE.scaled(LARGE_TEXT_FACTOR) if large else TYPE
    p = palette
    families = ", ".join(f"'{f}'" for f in font_families(language)) + ", sans-serif"
    return f"""
QWidget {{ background: {p.background}; color: {p.text}; font-family: {families}; font-size: {t.body}px; }}
QLabel {{ background: transparent; }}
QLabel#title {{ font-size: {t.title}px; font-weight: 700; color: {p.title}; }}
QLabel#instruction {{ font-size: {t.instruction}px; }}
QLabel#guidance {{ font-size: {t.guidance}px; color: {p.guidance}; font-weight: 600; }}
QLabel#step, QLabel#muted {{ font-size: {t.small}px; color: {p.muted}; }}
QLabel#person {{ font-size: {t.instruction}px; font-weight: 600; }}
QLabel#question {{ font-size: {t.body}px; }}
QLabel#section {{ font-size: {t.instruction}px; font-weight: 700; color: {p.title}; }}
QPushButton {{ font-size: {t.button}px; min-height: {target_px}px; min-width: {target_px}px; padding: 6px 24px;
              border-radius: 12px; background: {p.accent}; color: {p.on_accent}; border: 2px solid {p.accent}; }}
QPushButton:pressed {{ background: {p.accent_pressed}; }}
QPushButton#secondary, QPushButton#language, QPushButton#answer, QPushButton#key {{
              background: {p.secondary}; color: {p.on_secondary}; border: 2px solid {p.border}; }}
QPushButton#language:checked, QPushButton#answer:checked, QPushButton#secondary:checked {{
              background: {p.checked}; color: {p.on_checked}; border: 2px solid {p.checked}; }}
QPushButton#language {{ font-size: {t.small}px; padding: 4px 12px; }}
QWidget#resultClear {{ background: {p.clear}; }}
QWidget#resultRefer {{ background: {p.refer}; }}
QWidget#resultClear QLabel, QWidget#resultRefer QLabel {{ color: {p.on_result}; background: transparent; }}
QWidget#overlay {{ background: {p.overlay}; border: 4px solid {p.border}; border-radius: 16px; }}
QWidget#overlay QLabel {{ color: {p.on_overlay}; }}
QProgressBar {{ min-height: 20px; max-height: 20px; border-radius: 10px; background: {p.secondary};
               border: 1px solid {p.border}; }}
QProgressBar::chunk {{ background: {p.accent}; border-radius: 10px; }}
QLineEdit {{ font-size: {t.instruction}px; min-height: {target_px}px; border: 2px solid {p.border};
            border-radius: 8px; padding: 0 12px; background: {p.background}; color: {p.text}; }}
QListWidget {{ font-size: {t.small}px; }}
QScrollArea {{ border: none; }}
QScrollBar:vertical {{ width: {max(24, target_px // 2)}px; background: {p.secondary}; }}
QScrollBar::handle:vertical {{ background: {p.border}; min-height: {target_px}px; border-radius: 6px; }}
"""
