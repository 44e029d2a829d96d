"""Import and export of OKR sets: TOML (both ways), CSV (both ways), JSON (export).

No Textual here. Every bad input is an `OKRSetError` naming the file and the place.
"""

from okrtui.io.importer import ImportSummary, import_okrset
from okrtui.io.okrset import OKRSet, OKRSetError

__all__ = ["ImportSummary", "OKRSet", "OKRSetError", "import_okrset"]
