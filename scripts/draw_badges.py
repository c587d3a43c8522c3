"""Draw the sample courses' badge artwork (PNG 600x600 and SVG), original to this project.

    .venv/bin/python scripts/draw_badges.py [slug ...]

Reads each course file and module front matter, writes content/<course>/badges/<name>.png|.svg;
then each programme's badge (content/programmes/<slug>/badge.png|.svg) and each award scheme's
level badges (content/award-schemes/<slug>/badges/<level>.png|.svg). With slugs, draws only those."""

from __future__ import annotations

import math
import sys
import textwrap
import tomllib
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
SIZE = 600
PALETTES = {  # outer, inner, accent
    "stem-careers": [("#0b5cad", "#e8f0fb", "#f5b700"), ("#1e6b34", "#e6f4ea", "#f5b700"), ("#7a2e8e", "#f3e8f7", "#f5b700"),
                     ("#a4400f", "#fbeee6", "#0b5cad"), ("#00707a", "#e3f5f6", "#f5b700"), ("#8a1538", "#f9e6ec", "#f5b700"),
                     ("#3d4f7d", "#e9edf6", "#f5b700"), ("#4f6b00", "#f0f5e0", "#0b5cad")],
    "stem-outreach-libraries": [("#6b3fa0", "#efe8f8", "#ffb000"), ("#00796b", "#e0f2f1", "#ffb000"),
                                ("#c2410c", "#fff1e6", "#1d4ed8"), ("#1d4ed8", "#e8efff", "#ffb000")],
    "library-makerspaces": [("#0f766e", "#e6f6f4", "#facc15"), ("#1e40af", "#e8edfb", "#facc15"),
                            ("#9d174d", "#fbe9f1", "#facc15"), ("#3f6212", "#eef5e1", "#facc15")],
    "stem-storytime": [("#b45309", "#fdf2e3", "#2563eb"), ("#7c3aed", "#f1eafd", "#fbbf24"),
                       ("#0e7490", "#e2f4f8", "#fbbf24"), ("#be123c", "#fdeaee", "#fbbf24")],
    "programme": [("#312e81", "#eef0fb", "#fbbf24")],
    "bronze": [("#8c4a1c", "#f6e7da", "#cd7f32")],
    "silver": [("#475569", "#eef1f5", "#a8b3c2")],
    "gold": [("#8a6d00", "#fdf6dc", "#e0b100")],
}


def hexagon(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    return [(cx + r * math.cos(math.radians(60 * i - 90)), cy + r * math.sin(math.radians(60 * i - 90))) for i in range(6)]


def draw_png(path: Path, label: str, title: str, colours: tuple[str, str, str], course_badge: bool) -> None:
    outer, inner, accent = colours
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.polygon(hexagon(300, 300, 290), fill=outer)
    pen.polygon(hexagon(300, 300, 250), fill=inner)
    pen.ellipse((170, 110, 430, 370), fill=outer)
    if course_badge:
        star = [(300 + (110 if i % 2 == 0 else 48) * math.cos(math.radians(36 * i - 90)),
                 240 + (110 if i % 2 == 0 else 48) * math.sin(math.radians(36 * i - 90))) for i in range(10)]
        pen.polygon(star, fill=accent)
    else:
        font = ImageFont.load_default(size=150)
        pen.text((300, 245), label, font=font, fill=accent, anchor="mm")
    pen.rectangle((60, 400, 540, 500), fill=outer)
    lines = textwrap.wrap(title, 26)[:2]
    font = ImageFont.load_default(size=30 if len(lines) > 1 else 36)
    for index, line in enumerate(lines):
        y = 450 + (index - (len(lines) - 1) / 2) * 36
        pen.text((300, y), line, font=font, fill="#ffffff", anchor="mm")
    image.save(path, optimize=True)


def draw_svg(path: Path, label: str, title: str, colours: tuple[str, str, str], course_badge: bool) -> None:
    outer, inner, accent = colours

    def points(cx, cy, r):
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in hexagon(cx, cy, r))

    lines = textwrap.wrap(title, 26)[:2]
    size = 30 if len(lines) > 1 else 36
    texts = "".join(
        f'<text x="300" y="{450 + (i - (len(lines) - 1) / 2) * 36 + size * 0.35:.0f}" font-size="{size}" text-anchor="middle" '
        f'fill="#ffffff" font-family="DejaVu Sans, Arial, sans-serif">{escape(line)}</text>'
        for i, line in enumerate(lines))
    if course_badge:
        star = " ".join(f"{300 + (110 if i % 2 == 0 else 48) * math.cos(math.radians(36 * i - 90)):.1f},"
                        f"{240 + (110 if i % 2 == 0 else 48) * math.sin(math.radians(36 * i - 90)):.1f}" for i in range(10))
        mark = f'<polygon points="{star}" fill="{accent}"/>'
    else:
        mark = (f'<text x="300" y="298" font-size="150" text-anchor="middle" fill="{accent}" '
                f'font-family="DejaVu Sans, Arial, sans-serif" font-weight="bold">{escape(label)}</text>')
    svg = (f'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" '
           f'viewBox="0 0 {SIZE} {SIZE}" role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
           f'<polygon points="{points(300, 300, 290)}" fill="{outer}"/><polygon points="{points(300, 300, 250)}" fill="{inner}"/>'
           f'<circle cx="300" cy="240" r="130" fill="{outer}"/>{mark}<rect x="60" y="400" width="480" height="100" fill="{outer}"/>'
           f"{texts}</svg>\n")
    path.write_text(svg, encoding="utf-8")


def front_title(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return tomllib.loads(text.split("+++")[1])["title"]


def main() -> int:
    only = set(sys.argv[1:])
    for course_file in sorted((ROOT / "courses").glob("*.toml")):
        course = tomllib.loads(course_file.read_text(encoding="utf-8"))
        slug = course["slug"]
        if only and slug not in only:
            continue
        folder = ROOT / "content" / slug / "badges"
        folder.mkdir(parents=True, exist_ok=True)
        palette = PALETTES.get(slug, PALETTES["stem-careers"])
        draw_png(folder / "course.png", "", course["title"], palette[0], True)
        draw_svg(folder / "course.svg", "", course["title"], palette[0], True)
        for index, module in enumerate(course["modules"]):
            file = next((ROOT / "content" / slug).glob(f"[0-9][0-9]-{module['slug']}.md"))
            number = file.name[:2].lstrip("0") or "i"
            colours = palette[index % len(palette)]
            draw_png(folder / f"{module['slug']}.png", number, front_title(file), colours, False)
            draw_svg(folder / f"{module['slug']}.svg", number, front_title(file), colours, False)
        print(f"{slug}: {len(course['modules']) + 1} badges in {folder.relative_to(ROOT)}")
    draw_programmes(only)
    draw_schemes(only)
    return 0


def draw_programmes(only: set[str]) -> None:
    """One badge per programme: the course badge's star, in the programme colours."""
    for programme_file in sorted((ROOT / "courses" / "programmes").glob("*.toml")):
        programme = tomllib.loads(programme_file.read_text(encoding="utf-8"))
        if only and programme["slug"] not in only:
            continue
        folder = ROOT / "content" / "programmes" / programme["slug"]
        folder.mkdir(parents=True, exist_ok=True)
        title = programme["badge"]["name"].replace("Postgraduate Certificate", "PG Certificate")
        draw_png(folder / "badge.png", "", title, PALETTES["programme"][0], True)
        draw_svg(folder / "badge.svg", "", title, PALETTES["programme"][0], True)
        print(f"{programme['slug']}: programme badge in {folder.relative_to(ROOT)}")


def draw_schemes(only: set[str]) -> None:
    """One badge per award level, in bronze, silver or gold, marked with the level's initial."""
    for scheme_file in sorted((ROOT / "courses" / "award-schemes").glob("*.toml")):
        scheme = tomllib.loads(scheme_file.read_text(encoding="utf-8"))
        if only and scheme["slug"] not in only:
            continue
        folder = ROOT / "content" / "award-schemes" / scheme["slug"] / "badges"
        folder.mkdir(parents=True, exist_ok=True)
        for level in scheme["levels"]:
            colours = PALETTES.get(level["slug"], PALETTES["programme"])[0]
            title = f"{scheme['title'].replace(' for Settings', '')}: {level['name']}"
            draw_png(folder / f"{level['slug']}.png", level["name"][0], title, colours, False)
            draw_svg(folder / f"{level['slug']}.svg", level["name"][0], title, colours, False)
        print(f"{scheme['slug']}: {len(scheme['levels'])} level badges in {folder.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
