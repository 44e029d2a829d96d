"""The collector pause of startup: resumed once, and only when startup paused it."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from okrtui import startup


@pytest.fixture(autouse=True)
def _restore_gc() -> Iterator[None]:
    was_enabled = gc.isenabled()
    yield
    gc.unfreeze()
    startup._paused = False
    if was_enabled:
        gc.enable()


def test_pause_then_resume_collects_again_and_freezes_what_startup_built() -> None:
    gc.enable()
    startup.pause_gc()
    assert not gc.isenabled()
    startup.resume_gc()
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0


def test_resume_without_a_pause_changes_nothing() -> None:
    gc.enable()
    startup.resume_gc()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_a_collector_disabled_by_someone_else_stays_as_it_was() -> None:
    gc.disable()
    startup.pause_gc()
    startup.resume_gc()
    assert not gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_resuming_twice_freezes_once() -> None:
    gc.enable()
    startup.pause_gc()
    startup.resume_gc()
    frozen = gc.get_freeze_count()
    built_since: list[list[object]] = [[] for _ in range(10)]
    startup.resume_gc()
    # A second freeze would add the lists built since; frozen objects that other threads
    # (a test worker's) free meanwhile only ever lower the count.
    assert gc.get_freeze_count() <= frozen
    assert built_since
