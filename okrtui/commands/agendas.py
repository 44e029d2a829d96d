"""`okrtui agendas list | show SLUG | validate FILE`."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import NoReturn

import click

from okrtui.agenda import (
    AgendaEntry,
    AgendaError,
    AgendaLibrary,
    AnyStep,
    format_minutes,
    load_template,
)
from okrtui.resources import builtin_agendas_dir
from okrtui.text import clean_line

_BASE_FIELDS = ("kind", "title", "minutes", "prompt")


@click.group("agendas")
def agendas() -> None:
    """List, show and check agenda templates."""


@agendas.command("list")
@click.pass_context
def list_agendas(ctx: click.Context) -> None:
    """Every template, and the files that could not be read."""
    library = _library(ctx)
    entries = library.list()
    if entries:
        rows = [("SLUG", "TITLE", "MIN", "STEPS", "SOURCE")]
        rows += [
            (
                entry.slug,
                entry.template.title,
                format_minutes(entry.template.minutes),
                str(len(entry.template.steps)),
                _source(entry),
            )
            for entry in entries
        ]
        widths = [max(len(_clean(row[i])) for row in rows) for i in range(4)]
        for row in rows:
            cells = [
                _clean(row[0]).ljust(widths[0]),
                _clean(row[1]).ljust(widths[1]),
                row[2].rjust(widths[2]),
                row[3].rjust(widths[3]),
                row[4],
            ]
            click.echo("  ".join(cells))
    else:
        click.echo("no agendas found")
    problems = library.problems()
    if problems:
        click.echo()
        click.echo("Problems (these files were skipped):")
        for problem in problems:
            click.echo(f"  {_clean(problem.message)}")


@agendas.command("show")
@click.argument("slug")
@click.pass_context
def show_agenda(ctx: click.Context, slug: str) -> None:
    """One template's steps, minutes and facilitator prompts."""
    try:
        entry = _library(ctx).entry(slug)
    except AgendaError as exc:
        _fail(str(exc))
    template = entry.template
    click.echo(f"{_clean(template.title)} ({template.slug})")
    click.echo(
        f"kind: {template.kind} · {format_minutes(template.minutes)} minutes · "
        f"{len(template.steps)} steps · {_source(entry)}: {_clean(str(entry.path))}"
    )
    if template.description:
        click.echo(_wrap(template.description, ""))
    for number, step in enumerate(template.steps, start=1):
        click.echo()
        head = f"{number:2}. {_clean(step.title)} — {format_minutes(step.minutes)} min, {step.kind}"
        options = _options(step)
        click.echo(f"{head} ({options})" if options else head)
        if step.prompt:
            click.echo(_wrap(step.prompt, "    "))


@agendas.command("validate")
@click.argument("file", type=click.Path(dir_okay=True))
def validate_agenda(file: str) -> None:
    """Check a template file and print every problem found."""
    try:
        template = load_template(file)
    except AgendaError as exc:
        for problem in exc.problems:
            click.echo(f"okrtui: {_clean(problem)}", err=True)
        raise click.exceptions.Exit(2) from None
    steps = len(template.steps)
    click.echo(
        f"{_clean(str(Path(file)))}: ok ({steps} step{'s' if steps != 1 else ''}, "
        f"{format_minutes(template.minutes)} minutes)"
    )


def _library(ctx: click.Context) -> AgendaLibrary:
    """The user directory from the context object (a mapping's `"agendas_dir"` key or an
    object's `agendas_dir` attribute), else the default resolution."""
    obj = ctx.obj
    configured = (
        obj.get("agendas_dir") if isinstance(obj, Mapping) else getattr(obj, "agendas_dir", None)
    )
    if configured is None:
        from okrtui.config import Settings, resolve_agendas_dir

        configured = resolve_agendas_dir(Settings())
    return AgendaLibrary(Path(configured).expanduser(), builtin_agendas_dir())


def _fail(message: str) -> NoReturn:
    click.echo(f"okrtui: {_clean(message)}", err=True)
    raise click.exceptions.Exit(2)


def _source(entry: AgendaEntry) -> str:
    if entry.shadows is not None:
        return "user (overrides built-in)"
    return entry.source


def _options(step: AnyStep) -> str:
    """The kind-specific options that differ from their defaults, e.g. `scope: all`."""
    parts = []
    for name, field in type(step).model_fields.items():
        value = getattr(step, name)
        if name in _BASE_FIELDS or value == field.default:
            continue
        shown = ("true" if value else "false") if isinstance(value, bool) else str(value)
        parts.append(f"{name}: {shown}")
    return ", ".join(parts)


def _wrap(text: str, indent: str) -> str:
    paragraphs = [_clean(line) for line in text.splitlines()]
    return "\n".join(
        textwrap.fill(p, width=88, initial_indent=indent, subsequent_indent=indent) or indent
        for p in paragraphs
    ).rstrip()


def _clean(text: str) -> str:
    """User text as one safe line for a terminal (`okrtui.text.clean_line`)."""
    return clean_line(text)
