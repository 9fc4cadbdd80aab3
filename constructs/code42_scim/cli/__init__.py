"""The ``code42-scim`` CLI: a thin dispatcher over independent command modules (``code42_scim.cli:main``).

Each command lives in its own module (or room: ``preflight/``, ``plan_review/``) exposing ``register(parser)``
(adds its arguments) and ``run(args) -> int``. Modules are imported only when their command runs, so
``code42-scim plan-review`` never pays for cdktf, and the CLI commands and the local PingFederate server
(its own package ``code42_scim_local``, installed by the extra ``code42-scim[local]``) never import each other:
both parse with the neutral ``code42_scim._args``; only this dispatcher names the server's module.
``python -m code42_scim.cli`` runs the same dispatcher.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from .._args import SafeArgumentParser, UsageError
from .._errors import Code42ScimError

__all__ = ["BENCH_MODULE", "build_parser", "main"]

# `bench` starts benchmarks/apps/*.py of a project checkout: it is not part of the installed package's job.
# This is the one place that says where its module is; from a checkout, the current folder is searched too
# (see _command_module), so a module of the checkout (e.g. "benchmarks.bench") works here as well.
BENCH_MODULE = "benchmarks.bench"

# name -> (module, one-line help). Grouped commands use "group name".
_COMMANDS: dict[str, tuple[str, str]] = {
    "synth": ("code42_scim.cli.synth", "synthesize the app's stacks and print a summary"),
    "pf-local": ("code42_scim_local.command", "run the local PingFederate admin API stand-in"),
    "preflight pingfederate": (
        "code42_scim.cli.preflight.pingfederate",
        "check a PingFederate admin API before deploying",
    ),
    "preflight code42": ("code42_scim.cli.preflight.code42", "check the Code42 SCIM URL and credentials"),
    "descriptor pull": (
        "code42_scim.cli.descriptor_pull",
        "fetch the SCIM connector descriptor from PingFederate",
    ),
    "plan-review": ("code42_scim.cli.plan_review.command", "review a Terraform plan in Code42 vocabulary"),
    "adopt": ("code42_scim.cli.adopt", "write the config entry that adopts an existing connection"),
    "bench": (BENCH_MODULE, "benchmark synthesis against a bare CDKTF app (from a project checkout)"),
}
# Commands whose module may live in the project checkout rather than in the installed package.
_CHECKOUT_ONLY = frozenset({"bench"})
# Commands whose module (and its dependencies) come with an optional extra of code42-scim: a missing one is
# a one-line install hint (exit 2), not a crash. The local server (Flask, werkzeug, jsonschema,
# cryptography) is never pulled into a stack that only composes the construct.
_EXTRAS = {"pf-local": "local"}


def _command_module(name: str, module: str) -> ModuleType:
    """Import a command's module; a checkout-only command is also looked for in the current folder."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        missing = exc.name or ""
        if name in _EXTRAS and missing.split(".")[0] != "code42_scim":
            raise UsageError(f"code42-scim {name}", f"not installed (module {missing} is missing); install it "
                             f"with: pip install 'code42-scim[{_EXTRAS[name]}]'") from None
        if name not in _CHECKOUT_ONLY or not (module == missing or module.startswith(missing + ".")):
            raise  # a dependency of the module is missing: a bug or a broken install, not a wrong folder
    if str(Path.cwd()) not in sys.path:
        sys.path.insert(0, str(Path.cwd()))
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError:
        raise Code42ScimError(f"`code42-scim {name}` runs from a checkout of the project (its module {module} is "
                              "not importable from here): cd into the checkout and run it again") from None


def build_parser(argv: Sequence[str]) -> argparse.ArgumentParser:
    """The whole command line's parser; only the command named in ``argv`` gets its options (and is imported)."""
    # No abbreviations anywhere (`--password X` must not become `--password-env X`) and value-free errors.
    parser = SafeArgumentParser(
        prog="code42-scim",
        description="Manage PingFederate outbound SCIM provisioning to Code42 as infrastructure code.",
    )
    top = parser.add_subparsers(dest="command", metavar="COMMAND", required=True,
                                parser_class=SafeArgumentParser)
    groups: dict[str, argparse._SubParsersAction[SafeArgumentParser]] = {}
    wanted = [a for a in argv if not a.startswith("-")][:2]
    for key, (module, help_text) in _COMMANDS.items():
        parts = key.split(" ")
        if len(parts) == 2:
            group, name = parts
            if group not in groups:
                gp = top.add_parser(group, help=f"{group} checks", description=f"{group} subcommands")
                groups[group] = gp.add_subparsers(dest="subcommand", metavar="SUBCOMMAND", required=True)
            sub = groups[group].add_parser(name, help=help_text, description=help_text)
        else:
            sub = top.add_parser(key, help=help_text, description=help_text)
        # Only the chosen command's module is imported (keeps start-up cheap and the rooms separate).
        if parts == wanted[: len(parts)]:
            _command_module(key, module).register(sub)
            sub.set_defaults(_module=module, _parser=sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; every failure ends as one line on stderr (exit 2 usage, 1 otherwise), never a traceback.

    ``--help`` exits through ``SystemExit(0)`` as argparse does.
    """
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser(args_list).parse_args(args_list)
    except UsageError as exc:
        print(f"{exc.prog}: error: {exc}", file=sys.stderr)
        return 2
    except Code42ScimError as exc:
        print(f"code42-scim: error: {exc}", file=sys.stderr)
        return 1
    try:
        code: int = importlib.import_module(args._module).run(args)
    except Code42ScimError as exc:
        print(f"code42-scim: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("code42-scim: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        # A file or device problem (unwritable output, missing directory, full disk): the OS's reason.
        where = f": {exc.filename}" if isinstance(exc.filename, str) else ""
        print(f"code42-scim: error: {exc.strerror or type(exc).__name__}{where}", file=sys.stderr)
        return 1
    except Exception as exc:
        # The exception's text is not printed: it may quote a URL, a header or a value from the command line.
        print(f"code42-scim: error: unexpected {type(exc).__name__} in `{args._parser.prog}`; this is a bug, "
              "please report it with the command you ran (without secrets)", file=sys.stderr)
        return 1
    return code
