"""``code42-scim plan-review``: a Terraform plan in Code42 vocabulary, for pull-request comments.

Exit status: 1 on error. Otherwise 0, unless ``--fail-on`` asks to gate CI: with ``changes`` the status is
2 when the plan changes anything and 3 when a connection change is risky; with ``risky`` it is 3 for a risky
change and 0 otherwise. The default, ``never``, always exits 0 so a job can post the comment and gate in a
separate step (or use ``--fail-on risky`` after posting).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

from ..._descriptor import load_descriptor
from ..._errors import shown_path
from .diff import PlanFormatError, review_plan, sensitive_strings
from .model import SENSITIVE, PlanReview, Risk, Row
from .render import render_markdown, render_terminal
from .terraform import plan_json_from_stack

__all__ = ["EXIT_CHANGES", "EXIT_RISKY", "exit_code", "register", "run"]

EXIT_CHANGES = 2
EXIT_RISKY = 3


def register(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = (
        "input: `terraform show -json PLANFILE` output (a file, or '-' / nothing for stdin),\n"
        "       or --stack DIR to run `terraform plan -out` + `terraform show -json` there.\n"
        "exit:  0 reviewed (default --fail-on never); 1 error;\n"
        "       --fail-on changes: 2 the plan changes something, 3 a connection change is risky;\n"
        "       --fail-on risky:   3 a connection change is risky, else 0."
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument("plan", nargs="?", metavar="PLAN_JSON",
                        help="plan JSON from `terraform show -json PLANFILE`; '-' reads stdin (default)")
    source.add_argument("--stack", type=Path, metavar="DIR",
                        help="synthesized stack dir (e.g. cdktf.out/stacks/prod) to plan with terraform")
    parser.add_argument("--format", choices=("markdown", "terminal"),
                        help="output format (default: terminal on a TTY, markdown otherwise)")
    parser.add_argument("--output", "-o", type=Path, metavar="FILE",
                        help="write the review to FILE instead of stdout")
    parser.add_argument("--fail-on", choices=("never", "changes", "risky"), default="never",
                        help="exit non-zero for changes (2) / risky changes (3); default never")
    parser.add_argument("--descriptor", type=Path, metavar="FILE",
                        help="SCIM connector descriptor for setting labels (default: the pinned one)")
    parser.add_argument("--strict-sensitive", action="store_true",
                        help="hide every sensitive value, even fixed options such as Remove User Action")
    parser.add_argument("--terraform", default="terraform", metavar="PATH",
                        help="terraform binary for --stack (default: terraform on PATH)")


def exit_code(review: PlanReview, fail_on: str) -> int:
    if fail_on == "never":
        return 0
    if review.risky:
        return EXIT_RISKY
    if fail_on == "changes" and review.has_changes:
        return EXIT_CHANGES
    return 0


def _read_plan(args: argparse.Namespace) -> Any:
    if args.stack is not None:
        return plan_json_from_stack(args.stack, terraform=args.terraform)
    if args.plan in (None, "-"):
        if sys.stdin.isatty():
            raise PlanFormatError("no plan given: pass PLAN_JSON, pipe `terraform show -json PLANFILE` "
                                  "into stdin, or use --stack DIR")
        data, where = sys.stdin.buffer.read(), "stdin"
    else:
        try:
            data, where = Path(args.plan).read_bytes(), args.plan
        except OSError as exc:
            raise PlanFormatError(f"cannot read {shown_path(args.plan)}: {exc.strerror or exc}") from None
    if data.startswith(b"PK"):
        # A saved plan is a zip archive; the JSON view needs `terraform show -json`.
        raise PlanFormatError(f"{where} is a binary plan file: run `terraform show -json {where}` "
                              "and review that output, or use --stack DIR")
    try:
        return json.loads(data)
    except RecursionError:
        raise PlanFormatError(f"{where} is nested too deeply to be a Terraform plan") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise PlanFormatError(f"{where} is not JSON ({exc}): expected `terraform show -json PLANFILE` "
                              "output") from None


def _redact(review: PlanReview, secrets: frozenset[str]) -> PlanReview:
    """Defence in depth: the diff never renders a sensitive value, but if a future change did, the value
    still would not reach a PR comment. Only plan-derived text is scrubbed, never this tool's own words."""
    ordered = sorted(secrets, key=len, reverse=True)

    def scrub(text: str) -> str:
        for secret in ordered:
            text = text.replace(secret, SENSITIVE)
        return text

    return dataclasses.replace(review, connections=tuple(
        dataclasses.replace(
            c, name=scrub(c.name), connection_id=scrub(c.connection_id), notes=tuple(map(scrub, c.notes)),
            rows=tuple(Row(r.group, scrub(r.subject), scrub(r.before), scrub(r.after)) for r in c.rows),
            drift=tuple(Row(r.group, scrub(r.subject), scrub(r.before), scrub(r.after)) for r in c.drift),
            imported_id=scrub(c.imported_id) if c.imported_id is not None else None,
            risks=tuple(Risk(r.code, scrub(r.reason)) for r in c.risks),
        )
        for c in review.connections
    ))


def run(args: argparse.Namespace) -> int:
    descriptor = load_descriptor(args.descriptor)
    plan = _read_plan(args)
    # Option names are public words ("Delete"), never secrets; risk reasons may use them even when strict.
    # Setting names and labels are public too (a name inside a sensitive subtree is still just a name).
    allowed = {o for s in descriptor.settings for o in (*s.options, s.name, s.label)}
    try:
        secrets = frozenset(s for s in sensitive_strings(plan, descriptor) if s not in allowed)
        review = _redact(review_plan(plan, descriptor, strict_sensitive=args.strict_sensitive), secrets)
    except RecursionError:
        raise PlanFormatError("the plan is nested too deeply to be a Terraform plan") from None
    out = sys.stdout
    fmt = args.format or ("terminal" if args.output is None and out.isatty() else "markdown")
    if fmt == "markdown":
        text = render_markdown(review)
    else:
        text = render_terminal(review, color=args.output is None and out.isatty())
    if args.output is not None:
        try:
            args.output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise PlanFormatError(f"cannot write {shown_path(args.output)}: {exc.strerror or exc}") from None
    else:
        out.write(text)
    return exit_code(review, args.fail_on)
