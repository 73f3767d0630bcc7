"""Where each topic of wrapper's documentation lives, and its text, for ``wrapper docs``.

The documents are the ones in the repository (README.md and docs/); a wheel carries them as
``wrapper/_docs`` (pyproject's wheel sources), a checkout or editable install reads them beside
the package. Nothing is fetched: the text printed is the text of the installed version.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from wrapper.errors import UsageError, WrapperError

_PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Topic:
    name: str
    summary: str
    file: str  # relative to the documentation root: "README.md" or "docs/<name>.md"
    heading: str | None = None  # a README section, by its exact heading line; None for the whole file


TOPICS: tuple[Topic, ...] = (
    Topic("start", "install, scaffold a project, run it offline", "README.md", "## Get going"),
    Topic("commands", "every command and its options", "README.md", "## Commands"),
    Topic("configuration", "wrapper.toml: every key, its default and its rules", "docs/configuration.md"),
    Topic("dev", "wrapper dev: the backend and page offline", "README.md", "### `wrapper dev`: the backend offline"),
    Topic("headset", "wrapper dev --lan: HTTPS on the local network for a headset or phone", "README.md", "### `wrapper dev --lan`: on a headset or phone"),
    Topic("handlers", "the multiplayer handlers and the page they serve", "README.md", "### The multiplayer handlers and the page"),
    Topic("protocol", "the WebSocket messages between page and handlers", "docs/protocol.md"),
    Topic("deploy", "deploying a stage to AWS, state, previews", "README.md", "## Deploying to AWS"),
    Topic("ci", "GitHub Actions and GitLab CI: the pipeline, the deploy role", "README.md", "## CI usage"),
    Topic("json", "what every --json option prints", "docs/cli-json.md"),
    Topic("troubleshooting", "common errors and what to do", "README.md", "## Troubleshooting"),
    Topic("architecture", "how the pieces fit together", "docs/architecture.md"),
)


def docs_root() -> Path | None:
    for candidate in (_PACKAGE_DIR / "_docs", _PACKAGE_DIR.parent):
        if (candidate / "README.md").is_file() and (candidate / "docs").is_dir():
            return candidate
    return None


def topic(name: str) -> Topic:
    for known in TOPICS:
        if known.name == name:
            return known
    raise UsageError(f"no documentation topic {name!r}", f"choose one of: {', '.join(t.name for t in TOPICS)} (`wrapper docs` lists them)")


def path_of(found: Topic) -> Path:
    root = docs_root()
    if root is None:
        raise WrapperError(
            "wrapper's documentation is missing from this installation",
            "reinstall wrapper (pip install --force-reinstall wrapper-xr) or run it from a complete checkout",
        )
    return root / found.file


def text_of(found: Topic) -> str:
    """The topic's text: the whole file, or its README section up to the next heading of the same or a higher level."""
    text = path_of(found).read_text(encoding="utf-8")
    if found.heading is None:
        return text
    lines = text.splitlines(keepends=True)
    level = found.heading.split(" ", 1)[0]
    try:
        start = next(i for i, line in enumerate(lines) if line.rstrip("\n") == found.heading)
    except StopIteration:
        raise WrapperError(f"the section {found.heading!r} is missing from {found.file}", "this is a bug in wrapper; report it") from None
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i].startswith("#") and len(lines[i].split(" ", 1)[0]) <= len(level) and not _in_code(lines, i)),
        len(lines),
    )
    return "".join(lines[start:end])


def _in_code(lines: list[str], index: int) -> bool:
    """A ``#`` line inside a fenced code block (a shell comment) is not a heading."""
    return sum(1 for line in lines[:index] if line.startswith("```")) % 2 == 1
