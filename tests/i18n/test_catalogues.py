"""Every shipped language is complete: each word the code asks for has a translation (every
plural form, nothing fuzzy) with the same placeholders, messages.pot is what `make translations`
would write today, and the app reads compiled catalogues built from the .po files in git."""

from __future__ import annotations

import ast

import pytest
from babel.messages.catalog import Catalog
from flask_babel import get_translations

from lms.core.i18n import in_language
from tests.i18n.catalogues import (
    LMS,
    POT,
    TRANSLATIONS,
    catalogue,
    directives,
    english_texts,
    extract_from_code,
    messages,
    plural_index,
    read_catalogue,
    shipped_languages,
    translations_of,
    where,
)

LANGUAGES = shipped_languages()


def test_the_five_languages_are_shipped():
    assert LANGUAGES == ["de", "es", "fr", "it"], "English is the source; fr, de, es and it each need a catalogue"


def _ids(catalog: Catalog) -> dict[tuple, object]:
    return {key: message.id for key, message in messages(catalog).items()}


def test_messages_pot_is_up_to_date_with_the_code():
    """A contributor who adds or changes a string and forgets `make translations` sees it here."""
    code, pot = _ids(extract_from_code()), _ids(read_catalogue(POT))
    new = sorted(f"{where(messages(extract_from_code())[key])}: {code[key]!r}" for key in code.keys() - pot.keys())
    gone = sorted(repr(pot[key]) for key in pot.keys() - code.keys())
    changed_plural = sorted(repr(code[key]) for key in code.keys() & pot.keys() if code[key] != pot[key])
    assert not (new or gone or changed_plural), (
        "lms/translations/messages.pot is out of date: run `make translations`.\n"
        + "".join(f"  not in messages.pot: {line}\n" for line in new)
        + "".join(f"  no longer in the code: {line}\n" for line in gone)
        + "".join(f"  plural changed: {line}\n" for line in changed_plural)
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_holds_exactly_the_messages_of_the_code(language):
    code, po = _ids(extract_from_code()), _ids(catalogue(language))
    missing = sorted(repr(code[key]) for key in code.keys() - po.keys())
    stale = sorted(repr(po[key]) for key in po.keys() - code.keys())
    assert not (missing or stale), (
        f"{language}/LC_MESSAGES/messages.po is not up to date with the code (run `make translations`, then translate):\n"
        + "".join(f"  missing: {line}\n" for line in missing[:60])
        + (f"  ... and {len(missing) - 60} more missing\n" if len(missing) > 60 else "")
        + "".join(f"  left over (not in the code, not marked obsolete): {line}\n" for line in stale)
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_in_every_plural_form_and_none_is_fuzzy(language):
    po = catalogue(language)
    assert not po.fuzzy, f"{language}: the catalogue's header is marked fuzzy, so `pybabel compile` skips it"
    expected_forms = Catalog(locale=language).num_plurals
    assert po.num_plurals == expected_forms, f"{language}: Plural-Forms says {po.num_plurals} forms, CLDR {expected_forms}"
    problems = []
    for message in messages(po).values():
        forms = translations_of(message)
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        if isinstance(message.id, tuple) and len(forms) != po.num_plurals:
            problems.append(f"{len(forms)} plural forms instead of {po.num_plurals}: {message.id!r}")
        if not all(form.strip() for form in forms):
            problems.append(f"untranslated{' (a plural form)' if any(forms) else ''}: {message.id!r}")
    assert not problems, f"{language}: {len(problems)} entries to translate\n  " + "\n  ".join(sorted(problems))


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders_of_the_english(language):
    """%(name)s sets, %% and positional counts equal; a stray % would break the page that
    formats the sentence (a French "50 %" must be written "50 %%"). The plural form a language
    uses for one may write the count as a word ("un module par jour"), as English does."""
    po = catalogue(language)
    problems = []
    for message in messages(po).values():
        english = [directives(text) for text in english_texts(message)]
        names = frozenset().union(*(names for names, *_ in english))
        for index, form in enumerate(translations_of(message)):
            if not form:
                continue
            found = directives(form)
            one = isinstance(message.id, tuple) and index == plural_index(po, 1)
            if not (found[0] == names or (one and found[0] == names - {"num"})) or found[1:] != english[-1][1:]:
                problems.append(f"{message.id!r} -> {form!r}")
    assert not problems, f"{language}: placeholders differ from the English\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_exists_is_fresh_and_is_what_the_app_reads(app, language):
    """`make install` compiles the .mo files from the .po files in git; pages read only those."""
    po_path = TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run `make install`"
    assert mo_path.stat().st_mtime >= po_path.stat().st_mtime, f"{mo_path} is older than its .po: run `make install`"
    with app.test_request_context(), in_language(language):
        translations = get_translations()
        stale = []
        for message in messages(catalogue(language)).values():
            if message.fuzzy or not all(translations_of(message)):
                continue  # not compiled; reported above
            if message.context:
                read, wanted = translations.upgettext(message.context, message.id), message.string
            elif isinstance(message.id, tuple):
                read = translations.ungettext(message.id[0], message.id[1], 1)
                wanted = translations_of(message)[plural_index(catalogue(language), 1)]
            else:
                read, wanted = translations.ugettext(message.id), message.string
            if read != wanted:
                stale.append(f"{message.id!r}: the app reads {read!r}, the .po says {wanted!r}")
    assert not stale, f"{mo_path} is not compiled from its .po (run `make install`)\n  " + "\n  ".join(stale)


GETTEXT_NAMES = {"gettext", "ngettext", "lazy_gettext", "lazy_ngettext", "pgettext", "npgettext", "_"}


def _built_at_run_time(node: ast.expr) -> bool:
    """An f-string, a % or + expression, or a .format() call: words no catalogue can hold."""
    return isinstance(node, ast.JoinedStr | ast.BinOp) or (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format")


def test_no_words_are_built_before_they_are_translated():
    """gettext(f"Hello {name}") is never found in the catalogue: Babel skips it (with a warning
    nobody reads), and the page shows English. Named placeholders go to gettext instead."""
    found = []
    for path in sorted(LMS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            count = 2 if name in ("ngettext", "lazy_ngettext") else 1
            if name in GETTEXT_NAMES and any(_built_at_run_time(arg) for arg in node.args[:count]):
                found.append(f"{path.relative_to(LMS.parent)}:{node.lineno}: {ast.unparse(node)[:120]}")
    assert not found, "translate a whole sentence with named placeholders:\n  " + "\n  ".join(found)
