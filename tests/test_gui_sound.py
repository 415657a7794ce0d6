"""Cues and spoken prompts: valid WAV files, generated per language, and a kiosk (or a test run) without
an audio output neither fails nor prints Qt warnings (pytest-qt fails the test on any)."""

from __future__ import annotations

import shutil
import wave
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from ui.sound import CUES, HISTORY, Sounds, audio_output_present, cue_path


def _seconds(path) -> float:
    with wave.open(str(path)) as w:
        assert w.getnchannels() == 1 and w.getsampwidth() == 2
        return w.getnframes() / w.getframerate()


@pytest.mark.parametrize("name", CUES)
def test_cues_are_short_pcm_wavs(name):
    assert 0.3 < _seconds(cue_path(name)) < 2.0


def test_without_an_audio_output_requests_are_kept_and_nothing_plays(qapp, monkeypatch):
    monkeypatch.setattr("ui.sound.audio_output_present", lambda: False)
    sounds = Sounds()
    assert not sounds.output
    sounds.cue("success")
    sounds.prompt("zh_CN", "face")
    sounds.stop()
    assert list(sounds.history) == ["cue:success", "prompt:zh_CN:face"]
    assert not sounds._effects  # QtMultimedia never loaded: it warns as soon as it starts without a device


def test_the_request_history_stays_bounded_over_weeks_of_travellers(qapp, monkeypatch):
    monkeypatch.setattr("ui.sound.audio_output_present", lambda: False)
    sounds = Sounds()
    for i in range(5 * HISTORY):
        sounds.prompt("en", f"step-{i}")
    assert len(sounds.history) == HISTORY and sounds.history[-1] == f"prompt:en:step-{5 * HISTORY - 1}"


def test_switched_off_sounds_are_not_even_requested(qapp):
    sounds = Sounds(cues=False, prompts=False)
    sounds.cue("attention")
    sounds.prompt("en", "face")
    assert not sounds.history and not sounds.output


def test_audio_output_detection_follows_the_sound_server(monkeypatch, tmp_path):
    monkeypatch.delenv("PULSE_SERVER", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    monkeypatch.setattr("ui.sound.Path", lambda *a: tmp_path.joinpath(*a[1:]) if a and a[0] == "/dev/snd"
                        else __import__("pathlib").Path(*a))
    assert not audio_output_present()
    (tmp_path / "pulse").mkdir()
    (tmp_path / "pulse" / "native").touch()
    assert audio_output_present()


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng not installed")
def test_prompts_are_spoken_for_every_step(qapp, tmp_path, monkeypatch):
    from ui.commands import i18n as cmd
    from ui.screens import PROMPTS

    monkeypatch.setenv("KIOSK_ASSETS", str(tmp_path))
    assert cmd.prompts(["en"]) == 0
    for key in PROMPTS:
        assert _seconds(tmp_path / "sounds" / "prompts" / "en" / f"{key}.wav") > 0.8


def test_prompts_mark_the_set_complete_only_when_every_language_was_spoken(qapp, tmp_path, monkeypatch):
    """`packaging/dev.sh demo` asks for the prompts until the mark is there: a run that failed
    half-way (one voice missing) must not leave it, a run for some languages neither."""
    import subprocess

    from ui.commands import i18n as cmd

    monkeypatch.setenv("KIOSK_ASSETS", str(tmp_path))
    monkeypatch.setattr(cmd.shutil, "which", lambda name: f"/usr/bin/{name}")
    mark = tmp_path / "sounds" / "prompts" / cmd.COMPLETE_MARK
    assert f"prompts/{cmd.COMPLETE_MARK} ]" in (Path(__file__).parent.parent / "packaging" / "dev.sh").read_text()

    def speak(argv, check):  # espeak-ng's -w file, without espeak-ng's time
        Path(argv[argv.index("-w") + 1]).write_bytes(b"RIFF")

    def broken(argv, check):
        raise subprocess.CalledProcessError(1, argv)

    monkeypatch.setattr(cmd.subprocess, "run", broken)
    with pytest.raises(subprocess.CalledProcessError):
        cmd.prompts()
    assert not mark.exists()
    monkeypatch.setattr(cmd.subprocess, "run", speak)
    assert cmd.prompts(["en"]) == 0 and not mark.exists()
    assert cmd.prompts() == 0 and mark.exists()
