"""``many.py``'s stack (N connections, 2 channels each) on the bindings ``cdktf get`` generates, plain ``cdk.App``.

Usage: ``python benchmarks/apps/generated.py N`` (N may be 0: provider block only, to see the import cost).
The generated modules replace ``pingfederate.provider``, ``.idp_sp_connection`` and
``.data_pingfederate_data_store`` before the construct is imported; the construct itself is unchanged.
The bindings come from ``CODE42_SCIM_GENERATED_BINDINGS`` or the cache of ``benchmarks/generated_bindings.py``;
they are never generated here (that takes half a minute and would be timed): run
``python -m benchmarks.generated_bindings`` (or call ``generate()``) first. Compare with
``many.py N --plain`` (ours, same App class).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not argv[0].isdigit():
        print("usage: generated.py N   (N connections, 2 channels each, on generated bindings)", file=sys.stderr)
        return 2
    sys.path.insert(0, str(REPO_ROOT))
    from benchmarks.generated_bindings import bindings_dir, is_complete, swap_in

    explicit = os.environ.get("CODE42_SCIM_GENERATED_BINDINGS")
    target = Path(explicit) if explicit else bindings_dir()
    if not is_complete(target):
        print(f"generated.py: no generated bindings in {target}: run `python -m benchmarks.generated_bindings` first",
              file=sys.stderr)
        return 2
    swap_in(target)

    from benchmarks.apps.many import build

    from pingfederate.engine import cdk

    app = cdk.App()  # reads CDKTF_OUTDIR like any cdktf app run by `cdktf synth`
    build(app, int(argv[0]))
    app.synth()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
