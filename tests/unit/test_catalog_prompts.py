"""Prompts of reflections and assignments are read as Markdown and kept as sanitised HTML."""

from __future__ import annotations

from pathlib import Path

from lms.courses.catalog.activities import parse_activity

REFLECTION = '''slug = "think"
title = "Think"
prompt = """Look back on the week:

- what *surprised* you,
- what you will try next.

<script>alert(1)</script>"""
'''


def test_a_reflection_prompt_keeps_its_list_and_emphasis_and_loses_any_script():
    spec, problems = parse_activity("reflection", REFLECTION, path=Path("m.md"), first_line=2, unit_slug="u")
    assert problems == []
    html = spec.data["prompt_html"]
    assert "<ul>\n<li>what <em>surprised</em> you,</li>\n<li>what you will try next.</li>\n</ul>" in html
    assert "<script" not in html
    assert spec.data["prompt"].startswith("Look back on the week:")  # the text itself stays, for plain uses
