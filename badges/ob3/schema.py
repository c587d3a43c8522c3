"""Problems of a credential against the official Open Badges 3.0 JSON schema (bundled, JSON Schema 2019-09)."""

from __future__ import annotations

from functools import cache

from jsonschema import Draft201909Validator
from jsonschema.exceptions import ValidationError

from badges.ob3 import data

SCHEMA_FILE = "ob_v3p0_achievementcredential_schema.json"
LIMIT = 20


@cache
def _validator() -> Draft201909Validator:
    schema = data.read_json(SCHEMA_FILE)
    return Draft201909Validator(schema, format_checker=Draft201909Validator.FORMAT_CHECKER)


def problems(credential) -> list[str]:
    """Each way ``credential`` breaks the schema, as "where: what" (empty when it conforms).

    The schema types ``proof`` (and ``credentialSchema``) as arrays only, while the specification's own
    examples carry a single object; a single object is checked as a list of one.
    """
    if not isinstance(credential, dict):
        return ["(root): the credential is not a JSON object"]
    document = dict(credential)
    for name in ("proof", "credentialSchema"):
        if isinstance(document.get(name), dict):
            document[name] = [document[name]]
    errors = sorted(_validator().iter_errors(document), key=lambda error: list(error.absolute_path))
    return [_describe(error) for error in errors[:LIMIT]]


def _describe(error: ValidationError) -> str:
    where = "/".join(str(part) for part in error.absolute_path) or "(root)"
    message = error.message if len(error.message) <= 300 else error.message[:300] + "..."
    return f"{where}: {message}"
