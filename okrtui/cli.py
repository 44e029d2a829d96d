"""The `okrtui` console entry (`okrtui.cli:main` in pyproject).

The command line is the click group in `okrtui.cli_group`, imported only when it runs:
the one-line check-in, run over SSH between two calls, is taken first without click
(`okrtui.fast_entry`). `from okrtui.cli import cli` gives the group.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from okrtui.startup import pause_gc, resume_gc

if TYPE_CHECKING:
    from okrtui.cli_group import cli as cli

# okrtui uses no pydantic plugins; looking for them reads every installed package's
# metadata when the first model is defined, which the one-line commands cannot afford.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def main(argv: Sequence[str] | None = None) -> None:
    pause_gc()
    try:
        args = list(sys.argv[1:] if argv is None else argv)
        from okrtui.fast_entry import run

        code = run(args)
        if code is not None:
            sys.exit(code)
        from okrtui.cli_group import cli

        cli.main(args=list(argv) if argv is not None else None, prog_name="okrtui")
    finally:
        resume_gc()


def __getattr__(name: str) -> Any:
    if name == "cli":
        from okrtui.cli_group import cli

        return cli
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
