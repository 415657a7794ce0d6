"""Write the traveller screens' pictures: SVG animation frames in assets/images/anim/<name>-<n>.svg.

Each picture shows what to do (place the passport photo page down, keep it still, stand on the mark,
look at the camera, scan the QR, walk through, wait for the officer); the screens cycle the frames.
The colours are the standard palette's (ui/style.py). Run: python tools/make_kiosk_art.py
"""

from __future__ import annotations

import math
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "assets" / "images" / "anim"

BLUE, GREY, DARK, GOLD, GREEN, RED, WHITE, SKIN = (
    "#1f4e79", "#c9d1da", "#2b3a4a", "#f2c14e", "#17693a", "#a8231b", "#ffffff", "#e8b894")


def svg(*parts: str) -> str:
    return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 200">'
            + "".join(parts) + "</svg>\n")


def reader() -> str:
    return (f'<rect x="30" y="140" width="180" height="40" rx="8" fill="{GREY}"/>'
            f'<rect x="60" y="132" width="120" height="10" rx="3" fill="{DARK}"/>')


def passport(x: float, y: float, angle: float = 0) -> str:
    return (f'<g transform="translate({x} {y}) rotate({angle})">'
            f'<rect x="-55" y="-35" width="110" height="70" rx="6" fill="{BLUE}"/>'
            f'<circle cx="-20" cy="0" r="14" fill="none" stroke="{GOLD}" stroke-width="4"/>'
            f'<rect x="5" y="-12" width="36" height="6" rx="3" fill="{GOLD}"/>'
            f'<rect x="5" y="4" width="28" height="6" rx="3" fill="{GOLD}"/></g>')


def arrow_down(x: float, y0: float, y1: float, colour: str = BLUE) -> str:
    return (f'<path d="M{x} {y0} V{y1} m-12 -12 l12 12 l12 -12" stroke="{colour}" stroke-width="7" '
            'fill="none" stroke-linecap="round" stroke-linejoin="round"/>')


def person(cx: float, cy: float, colour: str = DARK) -> str:
    return (f'<circle cx="{cx}" cy="{cy}" r="24" fill="{SKIN}"/>'
            f'<path d="M{cx - 48} {cy + 86} q0 -52 48 -52 q48 0 48 52 z" fill="{colour}"/>'
            f'<circle cx="{cx - 8}" cy="{cy - 3}" r="3" fill="{DARK}"/>'
            f'<circle cx="{cx + 8}" cy="{cy - 3}" r="3" fill="{DARK}"/>')


def camera(cx: float, cy: float, ring: str) -> str:
    return (f'<rect x="{cx - 30}" y="{cy - 14}" width="60" height="28" rx="8" fill="{DARK}"/>'
            f'<circle cx="{cx}" cy="{cy}" r="10" fill="{BLUE}" stroke="{ring}" stroke-width="4"/>')


def waves(cx: float, cy: float, n: int) -> str:
    return "".join(
        f'<path d="M{cx - 14 - 12 * i} {cy - 10 - 10 * i} q{14 + 12 * i} {-16 - 8 * i} {28 + 24 * i} 0" '
        f'stroke="{GOLD}" stroke-width="5" fill="none" stroke-linecap="round"/>' for i in range(n))


def mark(ring: str = GOLD) -> str:
    return (f'<ellipse cx="120" cy="172" rx="70" ry="20" fill="{ring}"/>'
            f'<ellipse cx="100" cy="170" rx="10" ry="16" fill="{DARK}" transform="rotate(-10 100 170)"/>'
            f'<ellipse cx="140" cy="170" rx="10" ry="16" fill="{DARK}" transform="rotate(10 140 170)"/>')


def phone(x: float, y: float) -> str:
    cells = "".join(
        f'<rect x="{x - 22 + 9 * (i % 5)}" y="{y - 30 + 9 * (i // 5)}" width="8" height="8" fill="{DARK}"/>'
        for i in range(25) if (i * 7 + i // 5) % 3 != 1)
    return (f'<rect x="{x - 32}" y="{y - 52}" width="64" height="104" rx="10" fill="{DARK}"/>'
            f'<rect x="{x - 26}" y="{y - 40}" width="52" height="72" fill="{WHITE}"/>' + cells)


def gate(open_: bool, walker_x: float) -> str:
    leaf = (f'<rect x="70" y="90" width="10" height="70" fill="{GREEN}" transform="rotate(-60 75 90)"/>'
            f'<rect x="160" y="90" width="10" height="70" fill="{GREEN}" transform="rotate(60 165 90)"/>'
            if open_ else f'<rect x="75" y="110" width="90" height="10" fill="{RED}"/>')
    return (f'<rect x="40" y="70" width="30" height="110" rx="6" fill="{GREY}"/>'
            f'<rect x="170" y="70" width="30" height="110" rx="6" fill="{GREY}"/>' + leaf
            + f'<path d="M{walker_x - 30} 40 h50 m-14 -14 l14 14 l-14 14" stroke="{GREEN}" stroke-width="8" '
            'fill="none" stroke-linecap="round" stroke-linejoin="round"/>')


def officer() -> str:
    return (person(120, 80, BLUE)
            + f'<path d="M92 58 h56 l-6 -18 h-44 z" fill="{DARK}"/><rect x="112" y="44" width="16" height="8" '
            f'fill="{GOLD}"/><circle cx="140" cy="140" r="8" fill="{GOLD}"/>')


def spinner(step: int) -> str:
    dots = []
    for i in range(8):
        a = 2 * math.pi * i / 8
        x, y = 120 + 60 * math.cos(a), 100 + 60 * math.sin(a)
        shade = BLUE if (i - step) % 8 < 3 else GREY
        dots.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="12" fill="{shade}"/>')
    return "".join(dots)


def form(tap: bool) -> str:
    x, y = (170, 118) if tap else (185, 140)
    finger = (f'<circle cx="{x}" cy="{y}" r="12" fill="{SKIN}"/>'
              f'<rect x="{x - 6}" y="{y}" width="12" height="40" rx="6" fill="{SKIN}"/>')
    return (f'<rect x="40" y="20" width="160" height="160" rx="12" fill="{DARK}"/>'
            f'<rect x="52" y="32" width="136" height="136" fill="{WHITE}"/>'
            f'<rect x="64" y="48" width="112" height="10" rx="5" fill="{GREY}"/>'
            f'<rect x="64" y="66" width="80" height="10" rx="5" fill="{GREY}"/>'
            f'<rect x="64" y="100" width="48" height="30" rx="6" fill="{BLUE if not tap else GREY}"/>'
            f'<rect x="128" y="100" width="48" height="30" rx="6" fill="{BLUE if tap else GREY}"/>' + finger)


def thermometer(level: float) -> str:
    return (f'<rect x="170" y="30" width="24" height="120" rx="12" fill="{GREY}"/>'
            f'<circle cx="182" cy="150" r="20" fill="{RED}"/>'
            f'<rect x="176" y="{150 - level}" width="12" height="{level}" fill="{RED}"/>')


def question(x: float, y: float, size: int, colour: str) -> str:
    return f'<text x="{x}" y="{y}" font-size="{size}" font-weight="700" fill="{colour}">?</text>'


FRAMES: dict[str, list[str]] = {
    "passport": [svg(reader(), passport(120, 60, -8), arrow_down(120, 100, 126)),
                 svg(reader(), passport(120, 112))],
    "chip": [svg(reader(), passport(120, 112), waves(120, 70, 1)),
             svg(reader(), passport(120, 112), waves(120, 70, 3))],
    "face": [svg(camera(120, 24, GREY), person(120, 100)),
             svg(camera(120, 24, GOLD), person(120, 100),
                 f'<ellipse cx="120" cy="98" rx="36" ry="44" fill="none" stroke="{GOLD}" stroke-width="4" '
                 'stroke-dasharray="10 8"/>')],
    "mark": [svg(mark(), arrow_down(120, 40, 130, DARK)), svg(mark(GREEN), person(120, 60))],
    "thermometer": [svg(person(90, 70), thermometer(40)), svg(person(90, 70), thermometer(80))],
    "qr": [svg(reader(), phone(120, 60)),
           svg(reader(), phone(120, 84), f'<path d="M80 140 L100 120 H140 L160 140 Z" fill="{GOLD}" opacity="0.6"/>')],
    "form": [svg(form(False)), svg(form(True))],
    "gate": [svg(gate(True, 90)), svg(gate(True, 130))],
    "officer": [svg(officer())],
    "ok": [svg(f'<circle cx="120" cy="100" r="{r}" fill="{WHITE}"/>'
               f'<path d="M{120 - r * 0.45:.0f} 102 l{r * 0.3:.0f} {r * 0.3:.0f} l{r * 0.55:.0f} -{r * 0.6:.0f}" '
               f'stroke="{GREEN}" stroke-width="{r * 0.18:.0f}" fill="none" stroke-linecap="round" '
               'stroke-linejoin="round"/>') for r in (78, 86)],
    "wait": [svg(spinner(i)) for i in range(8)],
    "still-there": [svg(person(120, 70), question(170, 70, 64, BLUE)),
                    svg(person(120, 70), question(176, 62, 72, GOLD))],
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.svg"):
        old.unlink()
    for name, frames in FRAMES.items():
        for i, text in enumerate(frames):
            (OUT / f"{name}-{i}.svg").write_text(text, encoding="utf-8")
    print(f"wrote {sum(len(f) for f in FRAMES.values())} frames to {OUT}")


if __name__ == "__main__":
    main()
