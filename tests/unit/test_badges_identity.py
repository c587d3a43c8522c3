"""Recipient identity for Open Badges 2.0: ``sha256$`` + hex(sha256(e-mail + salt))."""

from __future__ import annotations

import hashlib
import re

import pytest

from badges.identity import hash_email, verify_hashed_email

IDENTITY = re.compile(r"sha256\$[0-9a-f]{64}")


def test_identity_is_sha256_prefix_and_64_hex_digits_when_email_is_hashed():
    identity, salt = hash_email("learner@example.org")

    assert IDENTITY.fullmatch(identity), identity
    assert salt


def test_digest_is_sha256_of_email_then_salt_when_checked_with_hashlib():
    identity, salt = hash_email("learner@example.org")

    expected = hashlib.sha256(("learner@example.org" + salt).encode()).hexdigest()
    assert identity == f"sha256${expected}"


def test_given_salt_is_used_when_one_is_passed():
    identity, salt = hash_email("learner@example.org", "deadbeef")

    assert salt == "deadbeef"
    assert identity == "sha256$" + hashlib.sha256(b"learner@example.orgdeadbeef").hexdigest()


def test_each_hash_uses_a_fresh_salt_when_the_same_email_is_hashed_twice():
    first_identity, first_salt = hash_email("learner@example.org")
    second_identity, second_salt = hash_email("learner@example.org")

    assert first_salt != second_salt
    assert first_identity != second_identity


@pytest.mark.parametrize("variant", ["Learner@Example.ORG", "  learner@example.org\n", "\tLEARNER@EXAMPLE.ORG "])
def test_identity_is_unchanged_when_email_differs_only_in_case_or_whitespace(variant):
    assert hash_email(variant, "salt1234") == hash_email("learner@example.org", "salt1234")
    expected = hashlib.sha256(b"learner@example.orgsalt1234").hexdigest()
    assert hash_email(variant, "salt1234")[0] == f"sha256${expected}"


def test_verification_accepts_the_email_when_it_is_the_recipients():
    identity, salt = hash_email("learner@example.org")

    assert verify_hashed_email(identity, "learner@example.org", salt) is True
    assert verify_hashed_email(identity, " Learner@Example.org ", salt) is True


@pytest.mark.parametrize("email", ["other@example.org", "learner@example.com", "learner@example.or", ""])
def test_verification_refuses_the_email_when_it_is_someone_elses(email):
    identity, salt = hash_email("learner@example.org")

    assert verify_hashed_email(identity, email, salt) is False


def test_verification_refuses_when_salt_is_wrong():
    identity, salt = hash_email("learner@example.org")

    assert verify_hashed_email(identity, "learner@example.org", salt + "0") is False


@pytest.mark.parametrize("identity", ["", "sha256$", "md5$abc", "sha256$é" + "0" * 63, "sha256$" + "0" * 64])
def test_verification_refuses_without_error_when_identity_is_malformed(identity):
    # An identity comes from a badge someone hands us: anything, including non-ASCII.
    assert verify_hashed_email(identity, "learner@example.org", "salt1234") is False
