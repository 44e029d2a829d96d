"""okrtui: a terminal app for running live OKR review meetings."""

__version__ = "0.1.0"
