"""Activity prompts are Markdown like the pages around them: an assignment's numbered headings
are a numbered list, not one long paragraph."""

from __future__ import annotations

import re

from tests.conftest import NOW
from tests.factories import make_learner


def test_an_assignment_prompts_numbered_headings_are_a_numbered_list(client, courses):
    make_learner(now=NOW, client=client)
    html = client.get("/courses/stem-careers/modules/stem-leading-schools/assignments/school-action-plan").get_data(as_text=True)
    prompt = re.search(r'<div class="prompt">(.*?)</div>', html, re.S).group(1)
    steps = re.findall(r"<li>(.*?)</li>", re.search(r"<ol>(.*?)</ol>", prompt, re.S).group(1), re.S)
    assert [step.split(":")[0] for step in steps] == ["Starting point", "The change", "People", "Timeline", "Resources", "Success"]
    assert "<p>Use these headings:</p>" in prompt
