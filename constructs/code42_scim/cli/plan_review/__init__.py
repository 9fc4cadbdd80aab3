"""``code42-scim plan-review``: a Terraform plan in Code42 vocabulary, for pull-request comments.

The room: ``model`` (the review's records), ``diff`` (plan JSON -> review), ``render`` (Markdown / terminal),
``terraform`` (``--stack DIR``: plan and show in a stack directory) and ``command`` (the CLI command).
"""

from __future__ import annotations

from .diff import RESOURCE_TYPE, PlanFormatError, review_plan, sensitive_strings
from .model import NOT_SET, SENSITIVE, UNKNOWN, Action, ConnectionReview, OtherChange, PlanReview, Risk, Row
from .render import COMMENT_MARKER, render_markdown, render_terminal
from .terraform import TerraformError, plan_json_from_stack

__all__ = [
    "COMMENT_MARKER",
    "NOT_SET",
    "RESOURCE_TYPE",
    "SENSITIVE",
    "UNKNOWN",
    "Action",
    "ConnectionReview",
    "OtherChange",
    "PlanFormatError",
    "PlanReview",
    "Risk",
    "Row",
    "TerraformError",
    "plan_json_from_stack",
    "render_markdown",
    "render_terminal",
    "review_plan",
    "sensitive_strings",
]
