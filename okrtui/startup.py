"""Garbage collection paused while okrtui starts.

Starting the app builds a few hundred thousand objects (Textual's classes and styles, the
dashboard's rows) and almost no garbage, yet the collector runs a hundred times over them
before the first frame: tens of milliseconds, more for a big organisation. The command
line pauses it (`pause_gc`) and the app resumes it once its first frame is drawn
(`resume_gc`); a command that is done exits with it paused.

Resuming also moves what startup built into the permanent generation (`gc.freeze`): it
lives as long as the process, and later collections, during a meeting, need not walk it.
Only a pause made here is resumed, so an app run by the tests never freezes anything.
"""

from __future__ import annotations

import gc

_paused = False


def pause_gc() -> None:
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume_gc() -> None:
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
