"""Agenda templates: TOML files validated with pydantic, found in the user's directory first,
then among the built-in ones. No Textual here."""

from okrtui.agenda.errors import AgendaError
from okrtui.agenda.library import AgendaEntry, AgendaLibrary, AgendaProblem, Source
from okrtui.agenda.loader import load_template, parse_template
from okrtui.agenda.models import (
    STEP_KINDS,
    STEP_TYPES,
    TEMPLATE_KINDS,
    ActionsStep,
    AgendaTemplate,
    AnyStep,
    BlockersStep,
    GradingStep,
    HealthStep,
    KrsStep,
    NotesStep,
    ReflectionStep,
    Scope,
    Step,
    StepKind,
    TemplateKind,
    TimelineStep,
    VoteStep,
    WinsStep,
    format_minutes,
)
from okrtui.agenda.paths import default_agendas_dir
from okrtui.agenda.serialize import template_to_toml

__all__ = [
    "STEP_KINDS",
    "STEP_TYPES",
    "TEMPLATE_KINDS",
    "ActionsStep",
    "AgendaEntry",
    "AgendaError",
    "AgendaLibrary",
    "AgendaProblem",
    "AgendaTemplate",
    "AnyStep",
    "BlockersStep",
    "GradingStep",
    "HealthStep",
    "KrsStep",
    "NotesStep",
    "ReflectionStep",
    "Scope",
    "Source",
    "Step",
    "StepKind",
    "TemplateKind",
    "TimelineStep",
    "VoteStep",
    "WinsStep",
    "default_agendas_dir",
    "format_minutes",
    "load_template",
    "parse_template",
    "template_to_toml",
]
