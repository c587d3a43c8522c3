"""Draw the sample courses' cover pictures (PNG, 1280x720), original to this project.

    .venv/bin/python scripts/draw_covers.py [slug ...]

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


def draw_makerspaces(path: Path) -> None:
    """A maker cart: a laptop with coding blocks, a circuit board with lights, a gear and a paper robot."""
    image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE))
    pen = ImageDraw.Draw(image)
    _backdrop(pen, "#0f766e", "#0a4f4a", 13, "#2a9187")
    # The cart: a top, a shelf, legs and wheels.
    pen.rectangle(_s(140, 470, 1140, 495), fill="#facc15")
    pen.rectangle(_s(140, 610, 1140, 630), fill="#facc15")
    for x in (160, 1100):
        pen.rectangle(_s(x, 495, x + 20, 660), fill="#e6f6f4")
        pen.ellipse(_s(x - 12, 655, x + 32, 699), fill="#1f2937")
    for i, colour in enumerate(("#9d174d", "#1e40af", "#3f6212", "#e6f6f4")):  # crates on the shelf
        pen.rectangle(_s(220 + i * 220, 525, 400 + i * 220, 610), fill=colour)
    # The laptop, with stacked coding blocks on its screen.
    pen.rectangle(_s(200, 250, 520, 450), fill="#1f2937")
    pen.rectangle(_s(215, 265, 505, 435), fill="#e8edfb")
    for i, (colour, width) in enumerate((("#facc15", 170), ("#1e40af", 210), ("#9d174d", 150), ("#3f6212", 190))):
        pen.rounded_rectangle(_s(235 + (i % 2) * 18, 280 + i * 36, 235 + (i % 2) * 18 + width, 308 + i * 36),
                              radius=8 * SCALE, fill=colour)
    pen.polygon(_s(170, 450, 550, 450, 580, 470, 140, 470), fill="#374151")
    # A small circuit board with five lights.
    pen.rounded_rectangle(_s(610, 330, 800, 470), radius=14 * SCALE, fill="#1e40af")
    for i in range(5):
        pen.ellipse(_s(630 + i * 33, 360, 652 + i * 33, 382), fill="#facc15" if i % 2 == 0 else "#fde68a")
    pen.rectangle(_s(640, 420, 770, 450), fill="#e6f6f4")
    # A paper robot waving.
    pen.rectangle(_s(890, 300, 1010, 470), fill="#e6f6f4")
    pen.rectangle(_s(905, 210, 995, 290), fill="#e6f6f4")
    pen.ellipse(_s(922, 235, 942, 255), fill="#0f766e")
    pen.ellipse(_s(958, 235, 978, 255), fill="#0f766e")
    pen.line(_s(950, 210, 950, 180), fill="#e6f6f4", width=6 * SCALE)
    pen.ellipse(_s(940, 165, 960, 185), fill="#facc15")
    pen.line(_s(1010, 330, 1080, 260), fill="#e6f6f4", width=14 * SCALE)
    pen.line(_s(890, 330, 850, 400), fill="#e6f6f4", width=14 * SCALE)
    _gear(pen, 1120, 150, 50)
    image.resize((WIDTH, HEIGHT), Image.LANCZOS).save(path, optimize=True)


def draw_storytime(path: Path) -> None:
    """An open picture book under a moon and stars, a magnifying glass, a paper boat on water and a seedling."""
    image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE))
    pen = ImageDraw.Draw(image)
    _backdrop(pen, "#b45309", "#7c2d12", 17, "#c96a22")
    pen.rectangle(_s(0, 600, 1280, 720), fill="#0e7490")  # water
    for x in range(0, 1280, 80):
        pen.arc(_s(x, 585, x + 80, 625), 0, 180, fill="#e2f4f8", width=4 * SCALE)
    # The open book.
    pen.polygon(_s(330, 520, 640, 560, 640, 330, 330, 300), fill="#fdf2e3")
    pen.polygon(_s(640, 560, 950, 520, 950, 300, 640, 330), fill="#ffffff")
    for i in range(5):
        pen.line(_s(680, 360 + i * 32, 910, 340 + i * 32), fill="#d6a77a", width=4 * SCALE)
    pen.ellipse(_s(420, 360, 540, 480), fill="#fbbf24")  # a sun on the left page
    # The moon and stars above.
    moon = Image.new("L", image.size, 0)  # a crescent: a disc with a second disc cut out of it
    mask = ImageDraw.Draw(moon)
    mask.ellipse(_s(560, 60, 720, 220), fill=255)
    mask.ellipse(_s(610, 45, 770, 205), fill=0)
    image.paste("#fdf2e3", (0, 0), moon)
    for cx, cy, r in ((820, 110, 26), (900, 190, 16), (480, 130, 20), (380, 80, 14)):
        star = [(cx + (r if i % 2 == 0 else r * 0.45) * math.cos(math.radians(36 * i - 90)),
                 cy + (r if i % 2 == 0 else r * 0.45) * math.sin(math.radians(36 * i - 90))) for i in range(10)]
        pen.polygon([(x * SCALE, y * SCALE) for x, y in star], fill="#fbbf24")
    # A magnifying glass.
    pen.ellipse(_s(1010, 300, 1170, 460), outline="#fdf2e3", width=16 * SCALE)
    pen.line(_s(1150, 440, 1230, 540), fill="#fdf2e3", width=22 * SCALE)
    # A paper boat on the water and a seedling at the left.
    pen.polygon(_s(980, 600, 1200, 600, 1160, 650, 1020, 650), fill="#fdf2e3")
    pen.polygon(_s(1090, 520, 1090, 598, 1150, 598), fill="#fbbf24")
    pen.rectangle(_s(110, 520, 230, 600), fill="#7c2d12")
    pen.line(_s(170, 520, 170, 430), fill="#65a30d", width=8 * SCALE)
    pen.ellipse(_s(110, 420, 170, 460), fill="#65a30d")
    pen.ellipse(_s(170, 400, 235, 445), fill="#65a30d")
    image.resize((WIDTH, HEIGHT), Image.LANCZOS).save(path, optimize=True)


COVERS = {"stem-careers": draw_careers, "stem-outreach-libraries": draw_libraries,
          "library-makerspaces": draw_makerspaces, "stem-storytime": draw_storytime}


def main() -> int:
    only = set(sys.argv[1:])
    for slug, draw in COVERS.items():
        if only and slug not in only:
            continue
        folder = ROOT / "content" / slug / "images"
        folder.mkdir(parents=True, exist_ok=True)
        draw(folder / "cover.png")
        print(f"{slug}: {(folder / 'cover.png').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
