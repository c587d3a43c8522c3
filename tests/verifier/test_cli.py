"""``flask badges verify``: each check printed; exit status 0 when the badge verifies, 1 when not."""

from __future__ import annotations

import json

from tests.verifier.servers import serving
from tests.verifier.test_foreign import foreign


def test_the_command_prints_each_check_and_exits_0_only_when_it_verifies(runner, tmp_path):
    routes = {}
    with serving(routes) as base:
        signed, token, served = foreign(base)
        routes.update(served)
        good, jwt_file, bad = tmp_path / "good.json", tmp_path / "badge.jwt", tmp_path / "bad.json"
        good.write_text(json.dumps(signed))
        jwt_file.write_text(token)
        bad.write_text(json.dumps({**signed, "name": "Nobel prize"}))
        result = runner.invoke(args=["badges", "verify", str(good), "--email", "ada@example.org"])
        assert result.exit_code == 0, result.output
        assert "PASS  proof" in result.output and "PASS  recipient" in result.output
        assert runner.invoke(args=["badges", "verify", str(jwt_file)]).exit_code == 0
        tampered = runner.invoke(args=["badges", "verify", str(bad)])
        assert tampered.exit_code == 1 and "FAIL  proof" in tampered.output
        assert runner.invoke(args=["badges", "verify", str(good), "--email", "eve@example.org"]).exit_code == 1
    assert runner.invoke(args=["badges", "verify", str(tmp_path / "missing.json")]).exit_code == 1
    assert "rotate-key" in runner.invoke(args=["badges", "--help"]).output  # the group is shared with awards
