"""Draw the sample courses' cover pictures (PNG, 1280x720), original to this project.

    .venv/bin/python scripts/draw_covers.py

Writes content/<course>/images/cover.png for each course drawn below; the course file names
it with `cover = "images/cover.png"` and describes it in `cover_alt`. Flat shapes only, so the
files stay small and look the same on every machine (no fonts are used)."""

from __future__ import annotations

import math
import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
WIDTH, HEIGHT = 1280, 720
SCALE = 2  # drawn at twice the size, then reduced: smooth edges without anti-aliasing support in ImageDraw


def _hexagon(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    return [(cx + r * math.cos(math.radians(60 * i - 90)), cy + r * math.sin(math.radians(60 * i - 90))) for i in range(6)]


def _backdrop(pen: ImageDraw.ImageDraw, top: str, bottom: str, seed: int, faint: str) -> None:
    """A vertical blend from ``top`` to ``bottom`` and a scatter of faint hexagons (the badges' shape)."""
    a, b = _rgb(top), _rgb(bottom)
    for y in range(HEIGHT * SCALE):
        t = y / (HEIGHT * SCALE)
        pen.line([(0, y), (WIDTH * SCALE, y)], fill=tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3)))
    rng = random.Random(seed)
    for _ in range(26):
        x, y, r = rng.uniform(0, WIDTH), rng.uniform(0, HEIGHT), rng.uniform(18, 60)
        pen.polygon([(px * SCALE, py * SCALE) for px, py in _hexagon(x, y, r)], outline=faint, width=3 * SCALE)


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def _s(*values: float) -> list[float]:
    return [v * SCALE for v in values]


def draw_careers(path: Path) -> None:
    """A school on the left, a rising path of steps to a star, and the STEM signs along it."""
    image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE))
    pen = ImageDraw.Draw(image)
    _backdrop(pen, "#0b5cad", "#073d75", 7, "#2f78c4")
    pen.rectangle(_s(0, 600, 1280, 720), fill="#f5b700")  # the ground
    # The school: a body, a pediment and a door.
    pen.rectangle(_s(120, 380, 420, 600), fill="#e8f0fb")
    pen.polygon(_s(100, 385, 270, 280, 440, 385), fill="#ffffff")
    pen.rectangle(_s(240, 500, 300, 600), fill="#0b5cad")
    for x in (150, 340):
        for y in (420, 500):
            pen.rectangle(_s(x, y, x + 50, y + 45), fill="#7fa8d6")
    pen.ellipse(_s(248, 318, 292, 358), fill="#f5b700")  # the clock
    # Steps rising to the right, each a career path taken.
    for i, colour in enumerate(("#1e6b34", "#00707a", "#7a2e8e", "#a4400f", "#8a1538")):
        x, height = 480 + i * 140, 60 + i * 70
        pen.rectangle(_s(x, 600 - height, x + 120, 600), fill=colour)
    # Signs above the steps: an atom, a gear, a bridge, a plus sign.
    _atom(pen, 540, 420, 42)
    _gear(pen, 680, 350, 40)
    _bridge(pen, 820, 290, 50)
    _plus(pen, 960, 210, 38)
    # The star the path leads to.
    star = [(1100 + (70 if i % 2 == 0 else 30) * math.cos(math.radians(36 * i - 90)),
             130 + (70 if i % 2 == 0 else 30) * math.sin(math.radians(36 * i - 90))) for i in range(10)]
    pen.polygon([(x * SCALE, y * SCALE) for x, y in star], fill="#f5b700")
    image.resize((WIDTH, HEIGHT), Image.LANCZOS).save(path, optimize=True)


def draw_libraries(path: Path) -> None:
    """A library shelf of coloured books, an open book, and a light bulb of ideas above it."""
    image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE))
    pen = ImageDraw.Draw(image)
    _backdrop(pen, "#6b3fa0", "#3f2366", 11, "#8460b8")
    for shelf_y in (330, 600):
        pen.rectangle(_s(60, shelf_y, 560, shelf_y + 18), fill="#c9a36b")
        rng = random.Random(shelf_y)
        x = 75
        while x < 540:
            width, height = rng.randint(22, 40), rng.randint(120, 200)
            colour = rng.choice(("#ffb000", "#00796b", "#c2410c", "#1d4ed8", "#efe8f8", "#e0f2f1"))
            pen.rectangle(_s(x, shelf_y - height, min(x + width, 545), shelf_y), fill=colour)
            x += width + 6
    # An open book on a table.
    pen.rectangle(_s(640, 600, 1220, 720), fill="#c9a36b")
    pen.polygon(_s(700, 600, 930, 560, 930, 470, 700, 500), fill="#ffffff")
    pen.polygon(_s(930, 560, 1160, 600, 1160, 500, 930, 470), fill="#efe8f8")
    for i in range(4):
        y = 510 + i * 18
        pen.line(_s(730, y + 5 - i * 3, 900, y - 25 - i * 3), fill="#8460b8", width=4 * SCALE)
    # The bulb, with rays, and an atom inside.
    pen.ellipse(_s(850, 120, 1010, 280), fill="#ffb000")
    pen.rectangle(_s(895, 270, 965, 320), fill="#e0f2f1")
    for angle in range(-150, -20, 26):
        a = math.radians(angle)
        pen.line(_s(930 + 100 * math.cos(a), 200 + 100 * math.sin(a), 930 + 140 * math.cos(a), 200 + 140 * math.sin(a)),
                 fill="#ffffff", width=6 * SCALE)
    _atom(pen, 930, 200, 48, colour="#3f2366")
    image.resize((WIDTH, HEIGHT), Image.LANCZOS).save(path, optimize=True)


def _atom(pen: ImageDraw.ImageDraw, cx: float, cy: float, r: float, colour: str = "#ffffff") -> None:
    for angle in (0, 60, 120):
        points = []
        for step in range(0, 361, 6):
            t = math.radians(step)
            x, y = r * math.cos(t), r * 0.38 * math.sin(t)
            a = math.radians(angle)
            points.append(((cx + x * math.cos(a) - y * math.sin(a)) * SCALE, (cy + x * math.sin(a) + y * math.cos(a)) * SCALE))
        pen.line(points, fill=colour, width=4 * SCALE)
    pen.ellipse(_s(cx - 8, cy - 8, cx + 8, cy + 8), fill=colour)


def _gear(pen: ImageDraw.ImageDraw, cx: float, cy: float, r: float) -> None:
    for i in range(8):
        a = math.radians(45 * i)
        x, y = cx + r * math.cos(a), cy + r * math.sin(a)
        pen.ellipse(_s(x - 11, y - 11, x + 11, y + 11), fill="#ffffff")
    pen.ellipse(_s(cx - r + 4, cy - r + 4, cx + r - 4, cy + r - 4), fill="#ffffff")
    pen.ellipse(_s(cx - 13, cy - 13, cx + 13, cy + 13), fill="#0b5cad")


def _bridge(pen: ImageDraw.ImageDraw, cx: float, cy: float, r: float) -> None:
    pen.arc(_s(cx - r, cy - r * 0.6, cx + r, cy + r * 1.2), 180, 360, fill="#ffffff", width=7 * SCALE)
    pen.line(_s(cx - r - 10, cy + 12, cx + r + 10, cy + 12), fill="#ffffff", width=7 * SCALE)
    for dx in (-25, 0, 25):
        pen.line(_s(cx + dx, cy - (r * 0.55 if dx == 0 else r * 0.38), cx + dx, cy + 12), fill="#ffffff", width=4 * SCALE)


def _plus(pen: ImageDraw.ImageDraw, cx: float, cy: float, r: float) -> None:
    pen.rectangle(_s(cx - r, cy - 9, cx + r, cy + 9), fill="#ffffff")
    pen.rectangle(_s(cx - 9, cy - r, cx + 9, cy + r), fill="#ffffff")


COVERS = {"stem-careers": draw_careers, "stem-outreach-libraries": draw_libraries}


def main() -> int:
    for slug, draw in COVERS.items():
        folder = ROOT / "content" / slug / "images"
        folder.mkdir(parents=True, exist_ok=True)
        draw(folder / "cover.png")
        print(f"{slug}: {(folder / 'cover.png').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
