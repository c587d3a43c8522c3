"""The words a resource file may use for its kind, audiences, subjects and licence, each with the
label a reader sees (in their language)."""

from __future__ import annotations

from lms.core.i18n import lazy_gettext

KINDS = {
    "lesson-plan": lazy_gettext("Lesson plan"),
    "toolkit": lazy_gettext("Toolkit"),
    "video": lazy_gettext("Video"),
    "report": lazy_gettext("Report"),
    "activity": lazy_gettext("Activity"),
    "case-study": lazy_gettext("Case study"),
}
AUDIENCES = {
    "early-years": lazy_gettext("Early years"),
    "primary": lazy_gettext("Primary"),
    "secondary": lazy_gettext("Secondary"),
    "further-education": lazy_gettext("Further education"),
    "community-learning": lazy_gettext("Community learning"),
    "libraries": lazy_gettext("Libraries"),
    "careers-guidance": lazy_gettext("Careers guidance"),
}
SUBJECTS = {
    "science": lazy_gettext("Science"),
    "technology": lazy_gettext("Technology"),
    "engineering": lazy_gettext("Engineering"),
    "mathematics": lazy_gettext("Mathematics"),
    "careers": lazy_gettext("Careers"),
}
# SPDX identifiers (and two LicenseRef- ones for pages free to read under their publisher's terms
# or in the public domain as works of the US government), with the address of each licence.
LICENCES = {
    "CC0-1.0": ("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "CC-BY-4.0": ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "CC-BY-SA-4.0": ("CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
    "CC-BY-NC-4.0": ("CC BY-NC 4.0", "https://creativecommons.org/licenses/by-nc/4.0/"),
    "CC-BY-NC-SA-4.0": ("CC BY-NC-SA 4.0", "https://creativecommons.org/licenses/by-nc-sa/4.0/"),
    "CC-BY-ND-4.0": ("CC BY-ND 4.0", "https://creativecommons.org/licenses/by-nd/4.0/"),
    "CC-BY-NC-ND-4.0": ("CC BY-NC-ND 4.0", "https://creativecommons.org/licenses/by-nc-nd/4.0/"),
    "CC-BY-3.0": ("CC BY 3.0", "https://creativecommons.org/licenses/by/3.0/"),
    "CC-BY-SA-3.0": ("CC BY-SA 3.0", "https://creativecommons.org/licenses/by-sa/3.0/"),
    "CC-BY-NC-SA-3.0": ("CC BY-NC-SA 3.0", "https://creativecommons.org/licenses/by-nc-sa/3.0/"),
    "OGL-UK-3.0": ("Open Government Licence 3.0", "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"),
    "MIT": ("MIT", "https://spdx.org/licenses/MIT.html"),
    "Apache-2.0": ("Apache 2.0", "https://spdx.org/licenses/Apache-2.0.html"),
    "LicenseRef-US-Government-Work": (lazy_gettext("Public domain (US government work)"), "https://www.usa.gov/government-copyright"),
    "LicenseRef-Publisher-Terms": (lazy_gettext("Free to use under the publisher's terms"), None),
}
FACETS = ("kind", "audience", "subject", "language")


def kind_label(kind: str) -> str:
    return str(KINDS.get(kind, kind))


def audience_label(value: str) -> str:
    return str(AUDIENCES.get(value, value))


def subject_label(value: str) -> str:
    return str(SUBJECTS.get(value, value))


def licence_name(licence: str) -> str:
    return str(LICENCES.get(licence, (licence, None))[0])


def licence_url(licence: str) -> str | None:
    return LICENCES.get(licence, (licence, None))[1]


def bit(vocabulary: dict, value: str) -> int:
    """A value's bit in the masks stored on resources: its place in the list (append new values
    at the end; never reorder, or the stored masks change meaning)."""
    return 1 << list(vocabulary).index(value)


def mask_of(vocabulary: dict, values) -> int:
    return sum(bit(vocabulary, value) for value in set(values))


def values_of(vocabulary: dict, mask: int) -> list[str]:
    return [value for value in vocabulary if mask & bit(vocabulary, value)]
