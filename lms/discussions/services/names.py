"""How people are named in discussions: their display name and, if they chose to say, their work
(``accounts.models.PROFESSIONAL_ROLES``, labels translated) and country (ISO 3166 code, named by
Babel in the reader's language); and the "In discussions" settings of the account page, with how
replies in followed threads come by e-mail. Peer review shows none of it: reviewers stay anonymous."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from babel import Locale

from lms.core.errors import ValidationError
from lms.core.i18n import current_language, gettext, lazy_gettext

ROLE_LABELS = {
    "head_of_school": lazy_gettext("Head of school"),
    "teacher": lazy_gettext("Teacher"),
    "careers_counsellor": lazy_gettext("Careers counsellor"),
    "librarian": lazy_gettext("Librarian"),
    "early_years": lazy_gettext("Early years educator"),
    "community": lazy_gettext("Community or youth worker"),
    "researcher": lazy_gettext("Researcher"),
    "other": lazy_gettext("Another role in education"),
}
UNSHOWN_ROLES = {"other"}  # offered in the list, but says nothing beside a name

EMAIL_CHOICES = {
    "each": lazy_gettext("Each reply, as it comes"),
    "daily": lazy_gettext("One digest a day (in the morning, your time)"),
    "off": lazy_gettext("None (replies still appear under Notifications)"),
}

# Babel's territories that are no country one lives in (regions, unions, pseudo-locales,
# reserved codes): never offered.
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "AC", "CP", "CQ", "DG", "EA", "IC", "TA"}


def role_label(code: str | None) -> str:
    """What discussions show beside a name for this role, in the reader's language ("" for none)."""
    return str(ROLE_LABELS[code]) if code in ROLE_LABELS and code not in UNSHOWN_ROLES else ""


def role_choices() -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in ROLE_LABELS.items()]


@lru_cache(maxsize=16)
def _countries(language: str) -> tuple[tuple[str, str], ...]:
    territories = Locale.parse(language).territories
    countries = [(code, name) for code, name in territories.items()
                 if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES]
    return tuple(sorted(countries, key=lambda item: _sort_key(item[1])))


def _sort_key(name: str) -> str:
    """Names in alphabetical order as a reader expects it: accents and case aside."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).casefold()


def country_choices(language: str | None = None) -> list[tuple[str, str]]:
    """Every country, (ISO code, name in the reader's language), in alphabetical order."""
    return list(_countries(language or current_language()))


def country_name(code: str | None, language: str | None = None) -> str:
    """A country's name in the reader's language ("" for none; the code if Babel does not know it)."""
    if not code:
        return ""
    return dict(_countries(language or current_language())).get(code, code)


def set_discussion_settings(user, *, professional_role: str | None, country: str | None, discussion_email: str) -> None:
    """What discussions show beside this person's name (nothing, for an empty choice) and how
    replies in threads they follow reach them by e-mail. Anything else is refused, field by field."""
    if professional_role and professional_role not in ROLE_LABELS:
        raise ValidationError("professional_role", gettext("Choose a role from the list."))
    if country and country not in dict(_countries("en")):
        raise ValidationError("country", gettext("Choose a country from the list."))
    if discussion_email not in EMAIL_CHOICES:
        raise ValidationError("discussion_email", gettext("Choose how replies reach you by e-mail."))
    user.professional_role = professional_role or None
    user.country = country or None
    user.discussion_email = discussion_email
