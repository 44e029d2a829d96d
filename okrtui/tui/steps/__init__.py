"""One panel per agenda step kind, imported only when a meeting reaches that step."""

from __future__ import annotations

import importlib

from okrtui.tui.steps.base import StepPanel

PANEL_MODULES: dict[str, str] = {
    "krs": "okrtui.tui.steps.kr_round:KRRoundPanel",
    "wins": "okrtui.tui.steps.wins:WinsPanel",
    "blockers": "okrtui.tui.steps.blockers:BlockersPanel",
    "actions": "okrtui.tui.steps.actions:ActionsPanel",
    "notes": "okrtui.tui.steps.notes:NotesPanel",
    "timeline": "okrtui.tui.steps.timeline:TimelinePanel",
    "vote": "okrtui.tui.steps.vote:VoteStepPanel",
    "grading": "okrtui.tui.steps.grading:GradingPanel",
    "reflection": "okrtui.tui.steps.reflection:ReflectionPanel",
    "health": "okrtui.tui.steps.health:HealthPanel",
    "drafting": "okrtui.tui.steps.drafting:DraftingPanel",
}


def panel_class(kind: str) -> type[StepPanel]:
    """The panel class for a step kind; unknown kinds fall back to the notes panel."""
    module_name, name = PANEL_MODULES.get(kind, PANEL_MODULES["notes"]).split(":")
    panel = getattr(importlib.import_module(module_name), name)
    assert isinstance(panel, type) and issubclass(panel, StepPanel)
    return panel
