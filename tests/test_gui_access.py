"""Accessibility and layout: contrast (WCAG), 15 mm touch targets from the screen's physical DPI, the
large-text/high-contrast mode, the lower-controls layout for wheelchair users, and every screen at
1080×1920 portrait and 1920×1080 landscape in both complete languages (screenshots of each)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from gui_fixtures import COMPLETE, LANDSCAPE, PORTRAIT, gallery, shoot, window
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from ui.kiosk_app import REACH_FRACTION
from ui.style import HIGH_CONTRAST, STANDARD, TYPE, contrast_ratio, relative_luminance, touch_target_px


def test_wcag_formula_on_known_pairs():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic near-miss
    assert relative_luminance("#ffffff") == pytest.approx(1.0)


@pytest.mark.parametrize("palette", [STANDARD, HIGH_CONTRAST], ids=lambda p: p.name)
def test_every_text_colour_pair_has_at_least_4_5_to_1(palette):
    low = {name: round(contrast_ratio(fg, bg), 2) for name, (fg, bg) in palette.pairs().items()
           if contrast_ratio(fg, bg) < 4.5}
    assert not low, f"{palette.name}: contrast below 4.5:1: {low}"


def test_high_contrast_mode_is_at_least_7_to_1():
    assert min(contrast_ratio(fg, bg) for fg, bg in HIGH_CONTRAST.pairs().values()) >= 7.0


def test_15_mm_in_pixels():
    assert touch_target_px(25.4) == 15
    assert touch_target_px(100) == 60  # the offscreen test screen
    assert touch_target_px(160) == 95


def _buttons(win):
    return [b for b in win.findChildren(QAbstractButton) if b.isVisible() and b.window() is win]


def _in_window(win, w) -> QRect:
    return QRect(w.mapTo(win, QPoint(0, 0)), w.size())


@pytest.mark.parametrize("dpi", [None, 160.0])
def test_every_button_on_every_screen_is_at_least_15_mm(qtbot, tmp_path, dpi):
    win, _devs, _ = window(qtbot, tmp_path, lane={"screen_dpi": dpi} if dpi else {})
    target = touch_target_px(dpi or win.screen().physicalDotsPerInch())
    assert target == win.target_px()
    for name in gallery(win):
        for b in _buttons(win):
            assert b.width() >= target and b.height() >= target, (
                f"{name}: {b.accessibleName() or b.text()!r} is {b.width()}×{b.height()} px < {target} px")
    win.shutdown()


def test_large_text_mode_enlarges_type_and_switches_to_high_contrast(qtbot, tmp_path):
    win, _devs, _ = window(qtbot, tmp_path)
    title = win.screens["attract"].title
    before = title.fontInfo().pixelSize()
    assert before == TYPE.title
    win.bar.large.click()
    QApplication.processEvents()
    assert win.large_text and title.fontInfo().pixelSize() > before * 1.2
    assert HIGH_CONTRAST.background in win.styleSheet()
    shoot(win, "modes", "large-text-attract")
    win.wipe()  # the next traveller gets the lane's standard look back
    assert not win.large_text and title.fontInfo().pixelSize() == before
    win.shutdown()


@pytest.mark.parametrize("size", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def test_lower_controls_keep_everything_to_touch_within_reach(qtbot, tmp_path, size):
    win, _devs, _ = window(qtbot, tmp_path, size=size)
    win.bar.reach.click()
    assert win.reach_layout
    lowest_top = int(win.height() * REACH_FRACTION) - 2
    for name in gallery(win):
        if name == "attract":
            shoot(win, "modes", f"lower-controls-{'portrait' if size == PORTRAIT else 'landscape'}")
        for b in _buttons(win):
            rect = _visible_part(win, b)
            if rect.isEmpty():
                continue  # scrolled out of view
            top = rect.top()
            assert top >= lowest_top, f"{name}: {b.accessibleName() or b.text()!r} at y={top} < {lowest_top}"
    win.shutdown()


@pytest.mark.parametrize("large", [False, True], ids=["standard", "large-text"])
@pytest.mark.parametrize("language", COMPLETE)
@pytest.mark.parametrize("size", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def test_every_screen_fits_portrait_and_landscape(qtbot, tmp_path, language, size, large):
    orientation = "portrait" if size == PORTRAIT else "landscape"
    win, _devs, _ = window(qtbot, tmp_path, language=language, size=size)
    win.set_large_text(large)
    frame = QRect(0, 0, win.width(), win.height())
    assert win.width() == size[0] and win.height() == size[1]
    folder = f"gallery/{language}/{orientation}" + ("-large" if large else "")
    for i, name in enumerate(gallery(win)):
        shoot(win, folder, f"{i:02d}-{name}", 0.5 if large else 1.0)
        for w in [*_buttons(win), *(lab for lab in win.findChildren(QLabel) if lab.isVisible() and lab.text())]:
            if w.window() is not win:
                continue
            rect = _in_window(win, w)
            inside_scroll = any(p.objectName() == "qt_scrollarea_viewport" for p in _ancestors(w))
            if not inside_scroll:
                assert frame.contains(rect), f"{name} {orientation}: {w.objectName()} {rect} outside {frame}"
            if isinstance(w, QLabel) and w.wordWrap():
                need = w.heightForWidth(w.width())
                assert w.height() >= need - 2, f"{name} {orientation}: {w.text()!r} clipped ({w.height()} < {need})"
            elif isinstance(w, QAbstractButton):
                text = w.fontMetrics().horizontalAdvance(w.text())
                assert w.width() >= text + 8, f"{name} {orientation}: button {w.text()!r} clipped"
    win.shutdown()


def _visible_part(win, w) -> QRect:
    """The part of `w` the traveller can see: clipped by the scroll areas it is in."""
    rect = _in_window(win, w)
    for p in _ancestors(w):
        if p.objectName() == "qt_scrollarea_viewport":
            rect = rect.intersected(_in_window(win, p))
    return rect


def _ancestors(w):
    p = w.parentWidget()
    while p is not None:
        yield p
        p = p.parentWidget()


def test_traveller_screen_settings_are_validated_configuration():
    from kiosk import config as kconfig
    from kiosk.errors import ConfigError

    cfg = kconfig.from_dict({"lane": {"reach_layout": True, "screen_dpi": 96, "languages": ["en", "zh_CN"]},
                             "timeouts": {"still_there_after_s": 10, "still_there_s": 5}})
    assert cfg.lane.reach_layout and cfg.lane.screen_dpi == 96 and cfg.timeouts.still_there_s == 5
    for bad in ({"lane": {"screen_dpi": 0}}, {"timeouts": {"still_there_s": -1}}, {"lane": {"langs": []}}):
        with pytest.raises(ConfigError):
            kconfig.from_dict(bad)


def test_the_lane_can_start_in_lower_controls_and_offer_fewer_languages(qtbot, tmp_path):
    win, _devs, _ = window(qtbot, tmp_path, language="zh_CN",
                           lane={"reach_layout": True, "languages": ["zh_CN", "en"]})
    QApplication.processEvents()
    assert win.reach_layout and win.bar.reach.isChecked() and win.reach_spacer.height() > 0
    assert set(win.bar.buttons) == {"zh_CN", "en"}
    win.shutdown()
