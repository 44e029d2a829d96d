"""The command palette over a 10,000-character KR title: `llq` typed into it used to freeze
the interface for minutes (Textual's fuzzy matcher tries every combination). okrtui's own
matcher reads a bounded prefix of each entry, in linear time."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

from hypothesis import given
from hypothesis import strategies as st
from textual.command import CommandPalette
from textual.widgets import OptionList

from okrtui.clock import FixedClock
from okrtui.commands.demo import write_demo
from okrtui.config import Settings
from okrtui.store import Store, open_db
from okrtui.tui.palette import MATCH_CHARS, fuzzy_match

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)


def test_a_long_title_is_matched_by_its_start_only(corpus: ModuleType) -> None:
    assert fuzzy_match("llq", corpus.LONG) == (0.0, ())
    score, offsets = fuzzy_match("lll", corpus.LONG)
    assert score > 0 and offsets == (0, 1, 2)
    assert fuzzy_match("click", corpus.LONG) == (0.0, ())  # beyond the searched prefix
    assert fuzzy_match("llq", "L" * 10 + "q")[0] > 0


@given(query=st.text(max_size=30), text=st.text(max_size=3 * MATCH_CHARS))
def test_matches_are_bounded_and_in_order(query: str, text: str) -> None:
    score, offsets = fuzzy_match(query, text)
    assert 0.0 <= score <= 1.0
    assert list(offsets) == sorted(set(offsets))
    assert all(0 <= i < min(len(text), MATCH_CHARS) for i in offsets)
    assert (score > 0) == bool(offsets) or not query.strip()


@given(text=st.text(min_size=1, max_size=MATCH_CHARS), data=st.data())
def test_any_piece_of_the_start_of_a_title_finds_it(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    piece = text[start:end]
    if piece.strip():
        assert fuzzy_match(piece, text)[0] > 0


async def test_typing_llq_over_a_10000_character_title_leaves_the_palette_usable(
    corpus: ModuleType, tmp_path: Path
) -> None:
    from okrtui.tui.app import make_app

    path = write_demo(tmp_path / "demo.db", FixedClock(NOW))
    store = Store(open_db(path), FixedClock(NOW))
    kr = store.kr_by_ref("NW-1.1")
    store.update_key_result(kr.id, title=corpus.LONG)
    app = make_app(
        store,
        store.clock,
        Settings(theme="textual-dark"),
        remember_settings=False,
        live_refresh=False,
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("escape")  # a resume offer, if any
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"llq")
        await pilot.pause()
        await app.workers.wait_for_complete()
        for _ in range(3):
            await pilot.press("backspace")
        await pilot.press(*"NW-1.1 LLLL")
        hits = app.screen.query_one("CommandList", OptionList)
        for _ in range(100):
            await pilot.pause(0.02)
            if hits.option_count and "NW-1.1" in str(hits.get_option_at_index(0).prompt):
                break
        assert "NW-1.1 LLLL" in str(hits.get_option_at_index(0).prompt)
    store.db.close()
