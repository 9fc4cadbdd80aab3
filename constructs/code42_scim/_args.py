"""Command-line parsing that never echoes a value: the parser class, numeric types, variable names.

Anything on argv may be a secret pasted in the wrong place (argv also lands in shell history, process
lists and CI logs), so no error message repeats a value the user typed. Errors are one line, raised as
:class:`UsageError` and printed by the ``code42-scim`` dispatcher with exit status 2.

Library core, not part of a command: the CLI (``code42_scim.cli``) and the local server's ``pf-local``
command (``code42_scim_local``) both parse with it and never import each other.
"""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from ._errors import Code42ScimError

__all__ = [
    "ENV_VAR_NAME",
    "SafeArgumentParser",
    "UsageError",
    "count",
    "env_var_name",
    "looks_like_env_var",
    "non_negative_seconds",
    "seconds",
    "unrecognized_message",
]

# What an environment variable name looks like; anything else given where a name belongs is probably the
# secret itself and is never repeated in a message.
# Terraform's own TF_VAR_<name> variables are the one lowercase form accepted (e.g. TF_VAR_code42_access_token).
ENV_VAR_NAME = re.compile(r"(?:[A-Z_][A-Z0-9_]{0,127}|TF_VAR_[A-Za-z0-9_]{1,120})\Z")
# Option names that would carry a secret on argv (the commands take secrets from the environment only).
_SECRET_OPTION = re.compile(
    r"^--?(?:[a-z0-9]+-)*(?:pass(?:word|wd|phrase)?|pwd|token|access-token|client-secret|secret[a-z0-9-]*|"
    r"api-key|apikey|private-key|credentials?|bearer)$",
    re.IGNORECASE,
)
# An unknown option's name is shown only when it looks like an option name (never its value).
_OPTION_NAME = re.compile(r"^--?[A-Za-z][A-Za-z0-9-]{0,40}$")


class UsageError(Code42ScimError):
    """The command line is wrong; ``prog`` names the (sub)command. Printed as one line, exit status 2."""

    def __init__(self, prog: str, message: str) -> None:
        super().__init__(message)
        self.prog = prog


def looks_like_env_var(name: str) -> bool:
    return bool(ENV_VAR_NAME.match(name))


def env_var_name(value: str) -> str:
    """argparse type for ``--x-env VAR``: a variable name, or a refusal that does not repeat the value."""
    if not looks_like_env_var(value):
        raise argparse.ArgumentTypeError(
            "takes the NAME of an environment variable (A-Z, 0-9, _), not the secret itself (the value given is "
            "not shown): export the secret in a variable and pass that variable's name"
        )
    return value


def _bounded(convert: Callable[[str], Any], low: float, high: float, *, low_open: bool,
             message: str) -> Callable[[str], Any]:
    def parse(value: str) -> Any:
        try:
            number = convert(value)
        except ValueError:
            raise argparse.ArgumentTypeError(message) from None
        if math.isnan(number) or not (low < number <= high if low_open else low <= number <= high):
            raise argparse.ArgumentTypeError(message)
        return number

    return parse


def seconds(*, maximum: float = 3600.0) -> Callable[[str], float]:
    """argparse type: a number of seconds > 0 and <= ``maximum``."""
    return _bounded(float, 0, maximum, low_open=True,
                    message=f"takes a number of seconds greater than 0 and at most {maximum:g} (e.g. 10)")


def non_negative_seconds(*, maximum: float = 60.0) -> Callable[[str], float]:
    """argparse type: a number of seconds from 0 to ``maximum``."""
    return _bounded(float, 0, maximum, low_open=False,
                    message=f"takes a number of seconds from 0 to {maximum:g} (e.g. 0.5)")


def count(*, maximum: int = 10) -> Callable[[str], int]:
    """argparse type: a whole number from 0 to ``maximum``."""
    return _bounded(int, 0, maximum, low_open=False,
                    message=f"takes a whole number from 0 to {maximum} (e.g. 3)")


def _option_strings(parser: argparse.ArgumentParser) -> set[str]:
    return {s for action in parser._actions for s in action.option_strings}


def unrecognized_message(parser: argparse.ArgumentParser, extras: Sequence[str]) -> str:
    """Why ``extras`` were refused, naming option names only (never a value) and the fix."""
    known = _option_strings(parser)
    for arg in extras:
        name = arg.split("=", 1)[0]
        if _SECRET_OPTION.match(name):
            env_flag = f"{name}-env" if f"{name}-env" in known else None
            how = (f"pass the NAME of an environment variable holding it with {env_flag} VAR" if env_flag
                   else "see --help for the environment variables this command reads")
            return (f"{name} is not accepted: secrets are never taken on the command line (argv shows in "
                    f"process lists and CI logs; the value given is not shown); {how}")
    options = [a.split("=", 1)[0] for a in extras if a.startswith("-")]
    shown = [o for o in options if _OPTION_NAME.match(o)]
    if shown:
        return (f"unrecognized option {shown[0]}"
                + (f" (and {len(extras) - 1} more argument(s), not shown)" if len(extras) > 1 else "")
                + "; see --help for the options of this command")
    return (f"{len(extras)} unexpected argument(s) (not shown: a value on the command line may be a "
            "secret); see --help for the options of this command")


def _sanitize(message: str) -> str:
    """Rewrite argparse's own messages that would repeat a value the user typed."""
    prefix = ""
    match = re.match(r"^(argument [^:]{1,200}: )", message)
    if match:
        prefix, message = match.group(1), message[match.end():]
    if message.startswith("invalid choice: "):
        choices = message.rsplit(" (choose from ", 1)
        allowed = f"; choose from {choices[1][:-1]}" if len(choices) == 2 and choices[1].endswith(")") else ""
        return f"{prefix}invalid choice (not shown){allowed}"
    if re.match(r"^invalid \w+ value: ", message):
        kind = message.split(" ", 2)[1]
        return f"{prefix}expects a valid {kind} value (the value given is not shown)"
    if message.startswith("ignored explicit argument "):
        return f"{prefix}takes no value: remove the '=...' part"
    if message.startswith(("ambiguous option: ", "unexpected option string: ", "unknown parser ")):
        return f"{prefix}unrecognized option (not shown); see --help"
    if message.startswith("unrecognized arguments: "):
        return f"{prefix}unexpected argument(s) (not shown); see --help"
    return prefix + message


class SafeArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser without abbreviations whose errors are one value-free line (a UsageError).

    Subparsers made through ``add_subparsers`` are of this class too and inherit ``allow_abbrev=False``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["allow_abbrev"] = False
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise UsageError(self.prog, _sanitize(message))

    def parse_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                   namespace: argparse.Namespace | None = None) -> argparse.Namespace:
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            owner: argparse.ArgumentParser = getattr(parsed, "_parser", self)
            raise UsageError(owner.prog, unrecognized_message(owner, extras))
        return parsed
