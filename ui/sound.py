"""Cues and spoken prompts for the traveller (QtMultimedia QSoundEffect, WAV files in assets/sounds).

A kiosk without an audio output (or a test run) must not fail or spray Qt warnings: QtMultimedia
warns as soon as it is imported when no sound server is there, so it is imported only once an
output is known to exist (an ALSA PCM device, or a PulseAudio/PipeWire socket).
The last requests are remembered in `history`, played or not, so the screens' sound logic is testable.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QUrl

from kiosk.assets import asset

log = logging.getLogger("ui.sound")

CUES = ("success", "attention")
HISTORY = 200  # requests remembered: the kiosk runs for weeks, the history must not grow with it


def audio_output_present() -> bool:
    snd = Path("/dev/snd")
    if snd.is_dir() and any(p.name.startswith("pcm") and p.name.endswith("p") for p in snd.iterdir()):
        return True
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if os.environ.get("PULSE_SERVER"):
        return True
    return bool(runtime) and any(Path(runtime, s).exists() for s in ("pulse/native", "pipewire-0"))


def cue_path(name: str) -> Path:
    return asset("sounds", f"{name}.wav")


def prompt_path(language: str, key: str) -> Path:
    return asset("sounds", "prompts", language, f"{key}.wav")


class Sounds(QObject):
    def __init__(self, cues: bool = True, prompts: bool = True, volume: float = 0.8) -> None:
        super().__init__()
        self.cues_enabled = cues
        self.prompts_enabled = prompts
        self.volume = volume
        self.history: deque[str] = deque(maxlen=HISTORY)  # "cue:success", "prompt:zh_CN:chip"
        self.output = (cues or prompts) and audio_output_present()
        self._effects: dict[Path, Any] = {}
        self._speaking: Any = None
        if (cues or prompts) and not self.output:
            log.info("no audio output found: sounds and spoken prompts are off")

    def cue(self, name: str) -> None:
        if self.cues_enabled:
            self.history.append(f"cue:{name}")
            self._play(cue_path(name))

    def prompt(self, language: str, key: str) -> None:
        if self.prompts_enabled:
            self.history.append(f"prompt:{language}:{key}")
            path = prompt_path(language, key)
            if self._speaking is not None:
                self._speaking.stop()  # a new step's prompt replaces the last one
            self._speaking = self._play(path)

    def stop(self) -> None:
        if self._speaking is not None:
            self._speaking.stop()
            self._speaking = None

    def _play(self, path: Path) -> Any:
        if not self.output or not path.is_file():
            return None
        effect = self._effects.get(path)
        if effect is None:
            from PySide6.QtMultimedia import QSoundEffect  # only with an audio output: see the docstring

            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(path)))
            effect.setVolume(self.volume)
            self._effects[path] = effect
        effect.play()
        return effect
