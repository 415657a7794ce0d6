"""Translations: the .ts sources match the code, the complete languages are complete, the .qm files are
built from the .ts, every visible string is translated, and the CJK fonts are there (Qt draws boxes,
silently, when they are not)."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET

import pytest

pytest.importorskip("PySide6")

from gui_fixtures import gallery, visible_texts, window
from PySide6.QtCore import QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QRawFont

from ui import i18n
from ui.commands.i18n import ROOT, SOURCES, messages, tool, ts_path
from ui.screens import WELCOME
from ui.style import CJK_FONTS, LATIN_CYRILLIC_FONT, font_families

PREPARED = [lang.code for lang in i18n.LANGUAGES if lang.code != "en"]
FOREIGN_SCRIPT = re.compile(r"[\u0400-\u04ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def _sources() -> set[str]:
    return {s for s, _t, _k in messages(ts_path("zh_CN"))}


def test_ts_sources_match_the_strings_in_the_code(tmp_path):
    fresh = tmp_path / "fresh.ts"
    subprocess.run([tool("pyside6-lupdate"), *[str(ROOT / s) for s in SOURCES], "-tr-function-alias",
                    "QT_TR_NOOP+=N", "-silent", "-ts", str(fresh)], check=True)
    in_code = {m.findtext("source") for m in ET.parse(fresh).getroot().iter("message")}
    assert len(in_code) > 50
    for code in PREPARED:
        in_ts = {s for s, _t, _k in messages(ts_path(code))}
        assert in_ts == in_code, f"{code}: run `clearance-kiosk i18n update` (new: {in_code - in_ts})"


@pytest.mark.parametrize("code", PREPARED)
def test_every_language_is_translated_and_keeps_the_placeholders(code):
    complete = i18n.BY_CODE[code].complete
    for source, text, kind in messages(ts_path(code)):
        assert text.strip(), f"{code}: no translation for {source!r}"
        if complete:
            assert kind != "unfinished", f"{code}: {source!r} not reviewed"
        assert set(re.findall(r"{\w+}", source)) == set(re.findall(r"{\w+}", text)), f"{code}: {source!r}"


@pytest.mark.parametrize("code", PREPARED)
def test_qm_is_built_from_the_current_ts(qapp, code):
    translator = QTranslator()
    assert translator.load(str(i18n.qm_path(code))), f"{code}: run `clearance-kiosk i18n build`"
    for source, text, _kind in messages(ts_path(code)):
        assert translator.translate(i18n.CONTEXT, source) == text, f"{code}: stale .qm for {source!r}"


def test_zh_cn_shows_no_english_string_on_any_screen(qtbot, tmp_path):
    english = _sources()
    win, _devs, _ = window(qtbot, tmp_path, language="zh_CN")
    i18n.MISSES.clear()
    for name in gallery(win):
        for widget, text in visible_texts(win):
            for line in text.split("\n"):
                assert line not in english, f"{name}: {widget.objectName()} shows English {line!r}"
    assert not {m for m in i18n.MISSES if m[0] == "zh_CN"}
    win.shutdown()


def test_english_screens_show_no_other_script(qtbot, tmp_path):
    win, _devs, _ = window(qtbot, tmp_path, language="en")
    allowed = {b.text() for b in win.bar.buttons.values()} | set(WELCOME)
    for name in gallery(win):
        for widget, text in visible_texts(win):
            if text not in allowed:
                assert not FOREIGN_SCRIPT.search(text), f"{name}: {widget.objectName()} shows {text!r} in English"
    assert not {m for m in i18n.MISSES if m[0] == "en"}
    win.shutdown()


def test_language_changes_at_every_step_and_buttons_are_in_their_own_script(qtbot, tmp_path):
    win, _devs, _ = window(qtbot, tmp_path, language="en")
    assert {c: b.text() for c, b in win.bar.buttons.items()} == {lang.code: lang.native for lang in i18n.LANGUAGES}
    zh = {s: t for s, t, _k in messages(ts_path("zh_CN"))}
    for name in gallery(win):
        screen = win.screens[win.current_key]
        title = getattr(screen, "title", None)
        win.bar.buttons["zh_CN"].click()
        assert win.languages.code == "zh_CN" and win.bar.buttons["zh_CN"].isChecked()
        if title is not None and title.text():
            assert title.text() in zh.values(), f"{name}: title {title.text()!r} not switched"
        assert win.bar.buttons["en"].text() == "English"  # labels never translate
        win.bar.buttons["en"].click()
        if title is not None and title.text():
            assert title.text() in zh, f"{name}: title {title.text()!r} not back in English"
    win.shutdown()


@pytest.mark.parametrize("code", PREPARED)
def test_the_fonts_draw_every_character_of_the_translations(qapp, code):
    installed = set(QFontDatabase.families())
    families = font_families(code)
    for family in (CJK_FONTS.get(code), LATIN_CYRILLIC_FONT):
        if family:
            assert family in installed, f"{family} missing: install fonts-noto-cjk / fonts-dejavu (Qt draws boxes)"
    raws = [QRawFont.fromFont(QFont(f)) for f in families if f in installed]
    assert raws and all(r.isValid() for r in raws)
    texts = [t for _s, t, _k in messages(ts_path(code))]
    texts += [lang.native for lang in i18n.LANGUAGES] + list(WELCOME)  # shown whatever the language
    # ord(): PySide's str → QChar conversion of one character is unreliable beyond Latin-1
    missing = {ch for t in texts for ch in t
               if not ch.isspace() and not any(r.supportsCharacter(ord(ch)) for r in raws)}
    assert not missing, f"no font of {families} draws {sorted(missing)}"


def test_chinese_screens_resolve_to_the_cjk_font(qtbot, tmp_path):
    win, _devs, _ = window(qtbot, tmp_path, language="zh_CN")
    assert win.cjk_font_ok
    title = win.screens["attract"].title
    assert QFontInfo(title.font()).family().startswith("Noto Sans CJK")
    win.shutdown()


def test_every_guidance_code_of_the_lane_and_the_face_pipeline_has_a_text():
    from kiosk.biometrics.verifier import GUIDANCE_CODES
    from kiosk.config import STAGES
    from ui.screens import GUIDANCE

    codes = {*GUIDANCE_CODES, "keep-document-still", "replace-document", *(f"{s}-retry" for s in STAGES)}
    assert not codes - set(GUIDANCE), f"no traveller text for {sorted(codes - set(GUIDANCE))}"
    zh = {s: t for s, t, _k in messages(ts_path("zh_CN"))}
    assert all(zh.get(GUIDANCE[c]) for c in codes)


def test_a_missing_cjk_font_is_reported_not_drawn_as_boxes_silently(qtbot, tmp_path, monkeypatch, caplog):
    import ui.kiosk_app as kiosk_app

    monkeypatch.setattr(kiosk_app.QFontDatabase, "families", staticmethod(lambda *a: ["DejaVu Sans"]))
    win, _devs, _ = window(qtbot, tmp_path, language="zh_CN")
    assert not win.cjk_font_ok
    assert any("Noto Sans CJK SC" in r.getMessage() and r.levelname == "ERROR" for r in caplog.records)
    win.shutdown()


def test_the_officer_console_in_a_chinese_lane_is_in_chinese(qtbot, tmp_path):
    """The console's strings are in the same .ts files: an officer at a Chinese port reads Chinese on
    every tab once signed in (and on the sign-in page before)."""
    from lane_doubles import Script
    from officer_fixtures import FAST_HASHER
    from PySide6.QtCore import Qt

    english = _sources()
    win, _devs, _ = window(qtbot, tmp_path, Script(face_score=0.05), language="zh_CN",
                           lane={"result_display_s": 30})
    officer = win.officer_console
    officer.accounts.hasher = FAST_HASHER
    win.start()
    qtbot.waitUntil(lambda: win.current_key == "result", timeout=10000)
    win.lane_thread.stop()
    i18n.MISSES.clear()
    win.officer_requested.emit()
    console = officer.console

    def no_english(where: str) -> None:
        for widget, text in visible_texts(console):
            for line in text.split("\n"):
                assert line not in english, f"{where}: {widget.objectName()} shows English {line!r}"

    no_english("sign-in")
    console.sign_in_page.officer_id.setText("supervisor")
    console.sign_in_page.pin.setText("0000")
    qtbot.mouseClick(console.sign_in_page.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: console.sign_in_page.sign_in_button.isEnabled(), timeout=10000)
    assert FOREIGN_SCRIPT.search(console.sign_in_page.message.text())  # the refusal, in Chinese
    console.sign_in("supervisor", "1234")
    qtbot.waitUntil(lambda: console.queue.list.count() == 1, timeout=10000)
    for i in range(console.tabs.count()):
        if console.tabs.isTabVisible(i):
            console.tabs.setCurrentIndex(i)
            qtbot.wait(50)
            no_english(f"tab {console.tabs.tabText(i)}")
            assert FOREIGN_SCRIPT.search(console.tabs.tabText(i))
    assert not {m for m in i18n.MISSES if m[0] == "zh_CN"}, sorted(i18n.MISSES)
    win.shutdown()
