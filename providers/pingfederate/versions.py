"""Which provider release accepts which PingFederate version, and the Terraform constraint that follows.

Every 1.x release of ``pingidentity/pingfederate`` accepts only some PingFederate versions as
``product_version`` (checked in each release tag's source; see ``docs/provider.md``). An open constraint
such as ``>= 1.2.0, < 2.0.0`` resolves to the newest release from the registry, which refuses older
PingFederate versions at the first plan, so the constraint has to follow the PingFederate version.

Pure Python: the model, the CLI and the tests use it without cdktf.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import BindingError

__all__ = [
    "PROVIDER_RELEASES",
    "VersionProblem",
    "check_constraint",
    "constraint_for",
    "parse_product_version",
    "releases_matching",
    "supported_product_versions",
]

Version = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class ProviderRelease:
    version: Version
    # PingFederate major.minor versions this release accepts as product_version.
    product_versions: tuple[tuple[int, int], ...]


def _minors(*pairs: tuple[int, int]) -> tuple[tuple[int, int], ...]:
    return pairs


# The support matrix of every 1.x release (from each release tag's source).
PROVIDER_RELEASES: tuple[ProviderRelease, ...] = (
    ProviderRelease(version=(1, 2, 0), product_versions=_minors((11, 2), (11, 3), (12, 0), (12, 1))),
    *(
        ProviderRelease(version=(1, minor, 0), product_versions=_minors((11, 2), (11, 3), (12, 0), (12, 1), (12, 2)))
        for minor in (3, 4, 5)
    ),
    ProviderRelease(version=(1, 6, 0), product_versions=_minors((11, 3), (12, 0), (12, 1), (12, 2), (12, 3))),
    *(
        ProviderRelease(version=(1, minor, 0),
                        product_versions=_minors((11, 3), (12, 0), (12, 1), (12, 2), (12, 3), (13, 0)))
        for minor in (7, 8)
    ),
    ProviderRelease(version=(1, 9, 0), product_versions=_minors((12, 2), (12, 3), (13, 0), (13, 1))),
)
# The next major release may change the schema the bindings emit: never allow it implicitly.
_NEXT_MAJOR: Version = (2, 0, 0)

_PRODUCT_VERSION = re.compile(r"^(\d+)\.(\d+)(?:\.(\d+))?$")
_CONSTRAINT = re.compile(r"^\s*(=|!=|>=|<=|>|<|~>)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$")


class VersionProblem(BindingError):
    """A product_version or provider constraint no provider release can serve; the message says why."""


def parse_product_version(text: str) -> tuple[int, int]:
    """``12.1`` or ``12.1.3`` -> (12, 1); the provider accepts exactly these two shapes."""
    match = _PRODUCT_VERSION.match(text) if isinstance(text, str) else None
    if match is None:
        raise VersionProblem(f"{text!r} is not a PingFederate version of the form x.y or x.y.z (e.g. '12.1')")
    return int(match[1]), int(match[2])


def supported_product_versions() -> list[str]:
    """Every PingFederate major.minor some 1.x release accepts, oldest first."""
    found = {pv for r in PROVIDER_RELEASES for pv in r.product_versions}
    return [f"{a}.{b}" for a, b in sorted(found)]


def _fmt(version: Version) -> str:
    return ".".join(str(x) for x in version)


def constraint_for(product_version: str) -> str:
    """The Terraform version constraint admitting exactly the 1.x releases that accept ``product_version``."""
    wanted = parse_product_version(product_version)
    fitting = [r.version for r in PROVIDER_RELEASES if wanted in r.product_versions]
    if not fitting:
        raise VersionProblem(
            f"no release of pingidentity/pingfederate accepts PingFederate {wanted[0]}.{wanted[1]}; "
            f"supported: {', '.join(supported_product_versions())}"
        )
    lowest, highest = min(fitting), max(fitting)
    later = [r.version for r in PROVIDER_RELEASES if r.version > highest]
    upper = min(later) if later else _NEXT_MAJOR
    return f">= {_fmt(lowest)}, < {_fmt(upper)}"


def _satisfies(version: Version, op: str, bound: Version, given_parts: int) -> bool:
    if op == "~>":
        # ~> 1.2 allows >= 1.2, < 2.0; ~> 1.2.3 allows >= 1.2.3, < 1.3.0.
        upper = (bound[0] + 1, 0, 0) if given_parts <= 2 else (bound[0], bound[1] + 1, 0)
        return bound <= version < upper
    return {
        "=": version == bound, "!=": version != bound, ">": version > bound, ">=": version >= bound,
        "<": version < bound, "<=": version <= bound,
    }[op]


def releases_matching(constraint: str) -> list[Version]:
    """The known 1.x releases a Terraform version constraint admits (raises VersionProblem if unparsable)."""
    if not isinstance(constraint, str) or not constraint.strip():
        raise VersionProblem("a provider version constraint must be a non-empty string such as '>= 1.2.0, < 1.9.0'")
    terms: list[tuple[str, Version, int]] = []
    for part in constraint.split(","):
        match = _CONSTRAINT.match(part)
        if match is None:
            raise VersionProblem(f"{part.strip()!r} is not a Terraform version constraint (e.g. '>= 1.2.0')")
        numbers = [int(x) for x in match.groups()[1:] if x is not None]
        padded = [*numbers, 0, 0]
        terms.append((match[1] or "=", (padded[0], padded[1], padded[2]), len(numbers)))
    return [r.version for r in PROVIDER_RELEASES
            if all(_satisfies(r.version, op, bound, parts) for op, bound, parts in terms)]


def check_constraint(constraint: str, product_version: str) -> None:
    """Raise VersionProblem when no release admitted by ``constraint`` accepts ``product_version``."""
    wanted = parse_product_version(product_version)
    admitted = releases_matching(constraint)
    if not admitted:
        raise VersionProblem(f"the constraint {constraint!r} admits no known 1.x release of the provider")
    if not any(wanted in r.product_versions for r in PROVIDER_RELEASES if r.version in admitted):
        raise VersionProblem(
            f"no provider release admitted by {constraint!r} ({', '.join(_fmt(v) for v in admitted)}) accepts "
            f"PingFederate {wanted[0]}.{wanted[1]}"
        )
