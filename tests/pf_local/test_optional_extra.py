"""The local server is an optional extra, not part of the construct library (issue 10 item 3).

``code42-scim[local]`` installs the server's package ``code42_scim_local`` with Flask, werkzeug, jsonschema
and cryptography; a stack that composes the construct never imports any of them, and ``code42-scim pf-local``
without them is a one-line install hint.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from importlib.metadata import requires
from pathlib import Path

SERVER_ONLY = ("flask", "werkzeug", "jsonschema", "cryptography", "code42_scim_local")
REPO_ROOT = Path(__file__).resolve().parents[2]


def _python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          cwd=cwd, env=os.environ.copy(), timeout=120)


def test_the_construct_the_cli_and_a_built_stack_import_nothing_of_the_server(tmp_path: Path) -> None:
    done = _python(
        f"""
        import sys
        import code42_scim, code42_scim.cli
        from pingfederate.engine import cdk
        from pingfederate.provider import PingfederateProvider
        from code42_scim import Code42ScimConnection, LdapChannel

        app = cdk.App(outdir={str(tmp_path / "out")!r})
        stack = cdk.TerraformStack(app, "identity")
        PingfederateProvider(stack, "pingfederate", https_host="https://pf.example.com:9999", product_version="12.1")
        Code42ScimConnection(stack, "code42", connection_id="code42-scim",
            scim_url="https://console.us.code42.com/api/v22/scim-user-provisioning/TENANT/v2",
            channels=[LdapChannel(name="AD users", data_store_id="LDAP-AD", base_dn="OU=Users,DC=example,DC=com")])
        app.synth()
        print(sorted({{m.split(".")[0] for m in sys.modules}} & set({SERVER_ONLY!r})))
        """,
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
    assert (tmp_path / "out" / "stacks" / "identity" / "cdk.tf.json").is_file()


def test_pf_local_without_the_extra_prints_how_to_install_it(tmp_path: Path) -> None:
    """A meta-path finder that refuses ``flask`` stands in for an install without code42-scim[local]."""
    done = _python(
        """
        import sys
        from importlib.abc import MetaPathFinder

        class NoFlask(MetaPathFinder):
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] == "flask":
                    raise ModuleNotFoundError(f"No module named {name!r}", name=name)
                return None

        sys.meta_path.insert(0, NoFlask())
        from code42_scim.cli import main
        sys.exit(main(["pf-local", "--port", "0"]))
        """,
        tmp_path,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr == ("code42-scim pf-local: error: not installed (module flask is missing); "
                           "install it with: pip install 'code42-scim[local]'\n")


def test_the_server_dependencies_come_only_with_the_local_extra() -> None:
    """In the installed metadata, each server dependency is conditional on ``extra == "local"``."""
    reqs = requires("code42-scim") or []
    by_name = {re.split(r"[\s<>=!~;\[(]", r, maxsplit=1)[0].lower(): r for r in reqs}
    for name in ("flask", "werkzeug", "jsonschema", "cryptography"):
        assert name in by_name, f"{name} is not declared by code42-scim"
        assert re.search(r"""extra\s*==\s*["']local["']""", by_name[name]), by_name[name]


def test_the_construct_library_holds_no_server_code_or_data() -> None:
    library = REPO_ROOT / "constructs" / "code42_scim"
    assert not (library / "pf_local").exists()
    imports_server = re.compile(r"^\s*(?:from|import)\s+code42_scim_local\b", re.MULTILINE)
    # (The CLI dispatcher names the server's module as a string and imports it only when pf-local runs.)
    assert [p for p in library.rglob("*.py") if imports_server.search(p.read_text(encoding="utf-8"))] == []
