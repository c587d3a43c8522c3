"""The geometry of the overview's two charts, drawn as SVG by the templates
(cohort/_overview_funnel.html, cohort/_overview_weekly.html): plain numbers in, positions out.

Written by hand rather than with a charting library: two small charts, no script, no fonts or
styles from elsewhere (the CSP stays 'self'), accessible the way we want (role="img", a title and
a description in the page's language, text labels in the picture, and the same figures in a table
beside it), and a few hundred bytes of markup each. Coordinates are in the SVG's own units (its
viewBox); the picture scales to the width it is given, about 1:1 on a phone."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

FUNNEL_WIDTH = 320  # viewBox units: a phone shows about 1:1, so 13-unit text stays readable there
WEEKLY_WIDTH = 400
LABEL_CHARACTERS = 40  # what a funnel label keeps before "…" (the table beside has it all)


@dataclass(frozen=True)
class FunnelBar:
    label_y: float
    bar_y: float
    width: float  # of the bar; at least a hairline so that zero still shows where the bar would be
    value_x: float  # where the figure next to the bar starts
    value_y: float


@dataclass(frozen=True)
class Funnel:
    width: int
    height: int
    bar_height: int
    bars: tuple[FunnelBar, ...]


FUNNEL_ROW, FUNNEL_BAR, FUNNEL_FIGURES = 42, 16, 96  # a row: label line, bar; room kept for the figures


def funnel(counts: Sequence[int]) -> Funnel:
    """Horizontal bars, one per step, each as long as its count over the largest (usually the
    enrolled); the label above each bar, its figures after it."""
    largest = max(counts, default=0) or 1
    room = FUNNEL_WIDTH - FUNNEL_FIGURES
    bars = []
    for index, count in enumerate(counts):
        top = index * FUNNEL_ROW
        width = max(1.0, round(room * count / largest, 1))
        bars.append(FunnelBar(top + 14, top + 20, width, width + 6, top + 20 + FUNNEL_BAR - 3))
    return Funnel(FUNNEL_WIDTH, max(1, len(counts)) * FUNNEL_ROW, FUNNEL_BAR, tuple(bars))


def short(label: str, limit: int = LABEL_CHARACTERS) -> str:
    """A label cut to ``limit`` characters with an ellipsis."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class WeekBars:
    number: int  # the week's number in the run, as the x-axis writes it
    label: bool  # written under the axis (every few weeks when there are many)
    center: float
    active_x: float
    active_y: float
    active_height: float
    done_x: float
    done_y: float
    done_height: float


@dataclass(frozen=True)
class Marker:
    """A release date: a dashed line at the instant, the modules' numbers above it."""

    x: float
    numbers: str  # "2", or "2, 3" for modules opening together


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class Weekly:
    width: int
    height: int
    left: int
    right: float
    top: int
    bottom: float  # the x axis
    bar_width: float
    weeks: tuple[WeekBars, ...]
    ticks: tuple[Tick, ...]
    markers: tuple[Marker, ...]


WEEKLY_HEIGHT, LEFT, RIGHT_MARGIN, TOP, BOTTOM_MARGIN = 230, 52, 8, 24, 28
MAX_LABELS = 12  # week numbers written under the axis at most


def nice_top(value: int) -> tuple[int, int]:
    """(the axis's top, the step between ticks): 1, 2 or 5 times a power of ten per step, at most 5 steps."""
    if value <= 0:
        return 1, 1
    for power in range(0, 12):
        for base in (1, 2, 5):
            step = base * 10 ** power
            if step * 5 >= value:
                return step * math.ceil(value / step), step
    return value, value


def weekly(weeks: Sequence[tuple[int, int, int]], window: tuple[datetime, datetime] | None,
           openings: Sequence[tuple[int, datetime]]) -> Weekly:
    """Two bars a week (learners active, modules completed) on one count axis, and a dashed line at each
    module opening inside ``window`` (the weeks' start and end). ``weeks``: (number, active, completed)."""
    right, bottom = WEEKLY_WIDTH - RIGHT_MARGIN, WEEKLY_HEIGHT - BOTTOM_MARGIN
    plot_width, plot_height = right - LEFT, bottom - TOP
    top_value, step = nice_top(max((max(active, done) for _, active, done in weeks), default=0))
    slot = plot_width / max(1, len(weeks))
    bar = round(min(slot * 0.4, 28), 1)
    every = math.ceil(len(weeks) / MAX_LABELS) if weeks else 1

    def y_of(value: int) -> float:
        return round(bottom - plot_height * value / top_value, 1)

    bars = []
    for index, (number, active, done) in enumerate(weeks):
        center = LEFT + index * slot + slot / 2
        bars.append(WeekBars(number, index % every == 0, round(center, 1), round(center - bar, 1), y_of(active),
                             round(bottom - y_of(active), 1), round(center, 1), y_of(done), round(bottom - y_of(done), 1)))
    ticks = tuple(Tick(value, y_of(value)) for value in range(0, top_value + 1, step))
    markers: dict[float, list[int]] = {}
    if window is not None and weeks:
        start, end = window
        for number, at in openings:
            if start <= at < end:
                x = round(LEFT + plot_width * ((at - start) / (end - start)), 1)
                markers.setdefault(x, []).append(number)
    return Weekly(WEEKLY_WIDTH, WEEKLY_HEIGHT, LEFT, right, TOP, bottom, bar, tuple(bars), ticks,
                  tuple(Marker(x, ", ".join(map(str, numbers))) for x, numbers in sorted(markers.items())))
