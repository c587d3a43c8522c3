"""The languages a person reads are saved through the accounts service, which takes only the
shipped languages (whatever form or command calls it)."""

from __future__ import annotations

import pytest

from lms.accounts.services import update_profile
from lms.core.errors import ValidationError
from tests.conftest import NOW
from tests.factories import make_user


def test_only_shipped_languages_are_saved_each_once_in_the_sites_order(app):
    user = make_user(now=NOW)
    update_profile(user, name="Ada", timezone="UTC", language="de", reads_languages=["fr", "de", "fr"])
    assert (user.language, user.reads_languages) == ("de", ["de", "fr"])
    with pytest.raises(ValidationError) as refused:
        update_profile(user, name="Ada", timezone="UTC", language="de", reads_languages=["de", "pt"])
    assert refused.value.field == "reads_languages" and str(refused.value) == "Choose languages from the list."
    assert user.reads_languages == ["de", "fr"]


def test_a_profile_saved_without_the_languages_read_leaves_them_as_they_are(app):
    user = make_user(now=NOW)
    update_profile(user, name="Ada", timezone="UTC", language="en", reads_languages=["it"])
    update_profile(user, name="Ada B.", timezone="UTC", language="en")
    assert user.reads_languages == ["it"]
