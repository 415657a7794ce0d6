"""Synthesise the traveller cues into assets/sounds/*.wav (16-bit mono PCM, what QSoundEffect plays).

success: a soft rising major triad; attention: two calm descending tones, twice. Short fades keep
them free of clicks. Spoken prompts per language are made by `clearance-kiosk i18n prompts`.
Run: python tools/make_sounds.py
"""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "assets" / "sounds"
RATE = 22050


def tone(freq: float, seconds: float, level: float = 0.45) -> np.ndarray:
    t = np.arange(int(RATE * seconds)) / RATE
    wave_ = np.sin(2 * np.pi * freq * t) + 0.25 * np.sin(4 * np.pi * freq * t)
    env = np.minimum(1.0, t / 0.01) * np.exp(-3.0 * t / seconds)  # fast attack, bell-like decay
    return level * wave_ * env / 1.25


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(RATE * seconds))


def write(name: str, samples: np.ndarray) -> None:
    data = (np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes()
    with wave.open(str(OUT / f"{name}.wav"), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(data)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    write("success", np.concatenate([tone(523.25, 0.16), tone(659.25, 0.16), tone(783.99, 0.45)]))
    pair = np.concatenate([tone(659.25, 0.22), tone(493.88, 0.32)])
    write("attention", np.concatenate([pair, silence(0.12), pair]))
    print(f"wrote success.wav and attention.wav to {OUT}")


if __name__ == "__main__":
    main()
