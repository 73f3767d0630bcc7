"""``wrapper docs``: the documentation of the installed version, by topic, in the terminal."""

from __future__ import annotations

from typing import Annotated

import typer

from wrapper.cli.examples import epilog


def docs(
    topic: Annotated[str | None, typer.Argument(help="A topic from the list `wrapper docs` prints.", metavar="[TOPIC]", show_default=False)] = None,
    path: Annotated[bool, typer.Option("--path", help="Print only the file the topic is in (to open it in an editor or a Markdown viewer).")] = False,
) -> None:
    """Show wrapper's documentation: the list of topics, or one topic's text (Markdown, offline).

    The text is that of the installed version (README.md and docs/), so it matches the commands you run.
    """
    from wrapper import docs_topics
    from wrapper.ui import console

    if topic is None:
        width = max(len(t.name) for t in docs_topics.TOPICS)
        lines = [f"  {t.name.ljust(width)}  {t.summary}" for t in docs_topics.TOPICS]
        console.document("Topics (wrapper docs TOPIC prints one; --path gives its file):\n" + "\n".join(lines) + "\n")
        return
    found = docs_topics.topic(topic)
    if path:
        where = docs_topics.path_of(found)
        console.result(f"{where}" + (f"  (section {found.heading.lstrip('# ')})" if found.heading else ""))
        return
    console.document(docs_topics.text_of(found))


def register(app: typer.Typer) -> None:
    app.command("docs", epilog=epilog("docs"))(docs)
