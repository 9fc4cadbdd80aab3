"""The CDK engine everything builds on: CDK for Terraform (``cdktf``) or CDK Terrain (``cdktn``).

This is the one module that names an engine; the bindings, the construct library, the tests and the
benchmark apps use ``cdk`` from here (``from pingfederate.engine import cdk``; ``cdk.TerraformStack``,
``cdk.App``, ...). CDK Terrain is the community fork of the archived CDK for Terraform, with the same API,
``cdktf.json`` and ``cdk.tf.json``.

The engine is chosen once, when ``cdk`` is first used: ``CODE42_SCIM_CDK_ENGINE`` (``cdktf`` | ``cdktn``)
if it is set, else whichever is installed, ``cdktf`` first. ``engine_name()`` says which without
importing it (importing an engine starts node, about a second), so commands that never build a stack can
report it cheaply. Do not mix engines in one app: an element of one inside a stack of the other fails.

Type checking uses cdktf's API; ``mypy --always-true=_TYPECHECK_CDKTN`` checks against cdktn's instead.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from types import ModuleType
from typing import TYPE_CHECKING, Final

ENGINES: Final = ("cdktf", "cdktn")
ENV_VAR: Final = "CODE42_SCIM_CDK_ENGINE"
# What the user installs and runs per engine: the PyPI package (= the Python module), the npm CLI package
# and the CLI command it installs. Both CLIs read cdktf.json and write cdktf.out.
CLI_PACKAGE: Final = {"cdktf": "cdktf-cli", "cdktn": "cdktn-cli"}
CLI_COMMAND: Final = {"cdktf": "cdktf", "cdktn": "cdktn"}


class EngineNotFoundError(ImportError):
    """No usable engine: the one asked for in ``CODE42_SCIM_CDK_ENGINE`` is unknown or not installed, or none is."""


def engine_name() -> str:
    """``cdktf`` or ``cdktn``: the engine in use, or the one ``cdk`` will import. Never imports it."""
    loaded = globals().get("cdk")
    if isinstance(loaded, ModuleType):
        return loaded.__name__
    wanted = os.environ.get(ENV_VAR, "").strip().lower()
    if wanted:
        if wanted not in ENGINES:
            raise EngineNotFoundError(f"{ENV_VAR}={wanted!r}: expected one of {', '.join(ENGINES)}")
        if importlib.util.find_spec(wanted) is None:
            raise EngineNotFoundError(f"{ENV_VAR}={wanted}, but the Python package {wanted} is not installed: "
                                      f"pip install 'code42-scim[{wanted}]'")
        return wanted
    for name in ENGINES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise EngineNotFoundError("no CDK engine is installed: pip install 'code42-scim[cdktf]' (CDK for Terraform) "
                              "or 'code42-scim[cdktn]' (CDK Terrain)")


_TYPECHECK_CDKTN = False  # `mypy --always-true=_TYPECHECK_CDKTN` type-checks against cdktn

if TYPE_CHECKING:
    if not _TYPECHECK_CDKTN:
        import cdktf as cdk
    else:
        import cdktn as cdk  # type: ignore[no-redef,unused-ignore]
else:

    def __getattr__(name: str) -> ModuleType:
        # `cdk` is imported on first use, not with this module: `pingfederate` stays importable without node.
        if name == "cdk":
            module = importlib.import_module(engine_name())
            globals()["cdk"] = module
            return module
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["CLI_COMMAND", "CLI_PACKAGE", "ENGINES", "ENV_VAR", "EngineNotFoundError", "cdk", "engine_name"]
