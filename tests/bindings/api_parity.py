"""Where our binding classes' Python API differs from the generated ones' (run as a subprocess).

Usage: ``python tests/bindings/api_parity.py GENERATED_DIR``; prints JSON: for every class our three binding
modules export, the keyword arguments and the public properties only ours or only the generated class has,
and which keyword arguments are required in one and optional in the other. A class generated bindings
lack entirely is listed under ``"missing"``.
"""

from __future__ import annotations

import importlib
import inspect
import json
import sys
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]


def _keywords(cls: type) -> dict[str, bool]:
    """Keyword-only arguments of the constructor: name -> required."""
    params = inspect.signature(cls.__init__).parameters.values()  # type: ignore[misc]  # not the metaclass call
    return {p.name: p.default is inspect.Parameter.empty for p in params if p.kind is p.KEYWORD_ONLY}


def _properties(cls: type) -> set[str]:
    """Public properties the class itself declares (what a caller reads from a resource or data source)."""
    return {n for n, v in vars(cls).items() if isinstance(v, property) and not n.startswith("_")}


def compare(generated: Path) -> dict[str, Any]:
    sys.path.insert(0, str(REPO_ROOT))
    from benchmarks.generated_bindings import SWAPPED_MODULES, load

    load(generated)
    report: dict[str, Any] = {"missing": [], "classes": {}}
    for module in SWAPPED_MODULES:
        ours_mod = importlib.import_module(f"pingfederate.{module}")
        theirs_mod = importlib.import_module(f"pingfederate_generated.{module}")
        for name in ours_mod.__all__:
            ours, theirs = getattr(ours_mod, name), getattr(theirs_mod, name, None)
            if theirs is None:
                report["missing"].append(f"{module}.{name}")
                continue
            ok, tk = _keywords(ours), _keywords(theirs)
            # Generated classes declare only their own properties; ours may inherit none beyond cdktf's.
            op, tp = _properties(ours), _properties(theirs)
            entry = {
                "arguments_only_ours": sorted(ok.keys() - tk.keys()),
                "arguments_only_generated": sorted(tk.keys() - ok.keys()),
                "required_differently": sorted(n for n in ok.keys() & tk.keys() if ok[n] != tk[n]),
                "properties_only_ours": sorted(op - tp),
            }
            if any(entry.values()):
                report["classes"][name] = entry
    return report


if __name__ == "__main__":
    print(json.dumps(compare(Path(sys.argv[1])), indent=2, sort_keys=True))
