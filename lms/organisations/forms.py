"""The forms of organisations: the organisation's record, an application's level, an evidence item,
an assessor's review, a revocation, an assessor's address. Services check again what matters."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from lms.core.forms import Form, strip
from lms.core.i18n import current_language, lazy_gettext
from lms.discussions.services.names import country_choices
from lms.organisations.services import KIND_LABELS, VERDICTS, check_web_address
from lms.core.errors import ValidationError as DomainValidationError

TOO_LONG = lazy_gettext("Field cannot be longer than %(max)d characters.")


def _https(form, field) -> None:
    try:
        check_web_address(field.data or "")
    except DomainValidationError as error:
        raise ValidationError(str(error)) from None


class OrganisationForm(Form):
    name = StringField(lazy_gettext("Name"), filters=[strip], validators=[
        DataRequired(lazy_gettext("Give the organisation's name.")), Length(max=200, message=TOO_LONG)])
    kind = SelectField(lazy_gettext("Kind"), choices=lambda: {code: str(label) for code, label in KIND_LABELS.items()},
                       invalid_choice_message=lazy_gettext("Choose a kind of organisation from the list."))
    country = SelectField(lazy_gettext("Country"), choices=lambda: {"": "", **dict(country_choices(current_language()))},
                          validators=[DataRequired(lazy_gettext("Choose a country from the list."))],
                          invalid_choice_message=lazy_gettext("Choose a country from the list."))
    region = StringField(lazy_gettext("Region (optional)"), filters=[strip], validators=[Length(max=120, message=TOO_LONG)],
                         description=lazy_gettext("A county, province or city, as people there say it."))
    web_address = StringField(lazy_gettext("Web address"), filters=[strip], render_kw={"type": "url", "inputmode": "url"},
                              description=lazy_gettext("Its website, starting with https://. An award names the "
                                                       "organisation by this address."),
                              validators=[DataRequired(lazy_gettext("Give the organisation's web address.")), _https])


class StartForm(Form):
    scheme = StringField(validators=[DataRequired(), Length(max=80)])
    level = SelectField(lazy_gettext("Level to apply for"), validate_choice=False,
                        validators=[DataRequired(lazy_gettext("Choose a level from the list."))])


class LevelForm(Form):
    level = SelectField(lazy_gettext("Level to apply for"), validate_choice=False,
                        validators=[DataRequired(lazy_gettext("Choose a level from the list."))])


class EvidenceForm(Form):
    text = TextAreaField(lazy_gettext("Your evidence"), validators=[Length(max=20_000, message=TOO_LONG)],
                         description=lazy_gettext("Markdown is welcome: headings, lists, links, tables. "
                                                  "Do not name children or families."))
    attachment = FileField(lazy_gettext("Add an attachment (optional)"),
                           description=lazy_gettext("PDF, image or office document, up to 10 MB; at most 5 per item."))


class ReasonForm(Form):
    reason = TextAreaField(lazy_gettext("Reason"), filters=[strip], validators=[
        DataRequired(lazy_gettext("Write the reason.")), Length(max=8000, message=TOO_LONG)])


class AssessorForm(Form):
    email = StringField(lazy_gettext("E-mail address of the account"), filters=[strip], validators=[
        DataRequired(lazy_gettext("Enter an e-mail address.")), Email(lazy_gettext("Enter an e-mail address.")),
        Length(max=254, message=TOO_LONG)])


def review_form(rubric, levels, data=None) -> Form:
    """The assessor's form for one scheme: a verdict and a comment per rubric criterion, the level
    (those at or below the one applied for, or not awarded) and the reason."""

    class ReviewForm(Form):
        pass

    for item in rubric:
        setattr(ReviewForm, f"verdict-{item.slug}", SelectField(
            item.title, choices=lambda: {"": "", **{code: str(label) for code, label in VERDICTS.items()}},
            validators=[DataRequired(lazy_gettext("Judge this criterion: met, partly met or not met."))],
            invalid_choice_message=lazy_gettext("Judge this criterion: met, partly met or not met.")))
        setattr(ReviewForm, f"comment-{item.slug}", TextAreaField(
            lazy_gettext("Comment on “%(criterion)s”", criterion=item.title), filters=[strip], validators=[
                DataRequired(lazy_gettext("Say why.")), Length(max=4000, message=TOO_LONG)]))
    ReviewForm.level = SelectField(lazy_gettext("Decision"), validators=[Optional()],
                                   choices={"": str(lazy_gettext("Not awarded")), **{
                                       level.slug: str(lazy_gettext("Award at %(level)s", level=level.name)) for level in levels}})
    ReviewForm.reason = TextAreaField(lazy_gettext("Reason for the decision"), filters=[strip], validators=[
        DataRequired(lazy_gettext("Write the reason for the decision: the organisation reads it.")),
        Length(max=8000, message=TOO_LONG)], description=lazy_gettext("Final: the organisation reads it, and the decision cannot be changed."))
    return ReviewForm(data=data)
