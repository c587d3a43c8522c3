"""Wallets' forms: the learner's consent to a wallet reading their badges, and Send to my wallet."""

from __future__ import annotations

import uuid

from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length

from lms.core.forms import ActionForm, Form, strip
from lms.core.i18n import lazy_gettext

WALLET_ADDRESS_MAX = 500


def _token() -> str:
    return uuid.uuid4().hex


class ConsentForm(Form):
    """Allow or deny a wallet: which button was pressed is the answer; the request rides along."""

    decision = HiddenField()


class SendToWalletForm(Form):
    """The wallet's address (its site or its discovery URL)."""

    wallet = StringField(
        lazy_gettext("Your wallet's address"),
        filters=[strip],
        validators=[DataRequired(lazy_gettext("Give your wallet's address, for example https://wallet.example.org.")),
                    Length(max=WALLET_ADDRESS_MAX, message=lazy_gettext("That address is too long."))],
        description=lazy_gettext("The address of your wallet or backpack's site; it must support Open Badges 3.0."),
    )
    token = HiddenField(default=_token)  # one push however often this very form is sent


class DisconnectForm(ActionForm):
    """Disconnect a wallet: its tokens stop working at once."""
