"""A reference Open Badges 3.0 wallet for the tests: a second, independent implementation of the Open Badges
API, written from the specification (not from the platform's code, which it never imports), run in its own
process by ``python -m tests.wallets.reference_wallet --port 0``; the first line it prints is its base URL.

It plays both roles the platform meets in the wild:

- a **provider** (the learner's wallet) that the platform pushes to: a Service Description Document,
  dynamic client registration, an authorisation page, a token endpoint (client_secret_basic, PKCE S256,
  refresh), and ``POST /ims/ob/v3p0/credentials`` that keeps what it receives;
- a **consumer** that pulls from the platform: it reads the platform's discovery document, registers,
  sends the learner to the platform's consent page, exchanges the code, and reads
  ``GET /ims/ob/v3p0/credentials`` (every page) and ``/profile``.

Whatever the other side does that the specification forbids or fails to require is refused where security
depends on it (client authentication, PKCE, redirect URIs, codes used once, bearer tokens and scopes) and
otherwise kept as a *finding* quoting the specification's sentence (``GET /_findings``), so that a test can
show a disagreement precisely instead of a vague failure. State is in memory; endpoints whose path starts
with ``/_`` exist for the tests only.
"""
