"""The files derived from the schema: the model's fields, the configuration reference and the handlers' defaults.

The handlers run on Lambda without wrapper installed, so their defaults are written into
``common/settings.py`` of the template between two marker lines; tests compare the three files
with what this module renders. Regenerate with ``python -m wrapper.config.generated``.
"""

from __future__ import annotations

from pathlib import Path

from wrapper.config.model_source import render_model_fields
from wrapper.config.reference import render_reference
from wrapper.config.schema import HANDLER_SETTINGS, Key, env_text
from wrapper.templates import templates_root

BEGIN = "# BEGIN generated from wrapper/config/schema.py (python -m wrapper.config.generated); do not edit"
END = "# END generated"


def handler_settings() -> list[tuple[str, str, str, str]]:
    """(attribute, environment variable, type, value when unset) of each setting the handlers read."""
    return [(path.rsplit(".", 1)[1], str(key.env), _handler_type(key), env_text(key.default)) for path, key in HANDLER_SETTINGS]


def handler_defaults() -> dict[str, str]:
    """Each handler setting's variable and the text it holds when wrapper.toml leaves the setting out."""
    return {variable: default for _, variable, _, default in handler_settings()}


def render_handler_defaults() -> str:
    lines = [BEGIN, "# (attribute, environment variable, type, value when the variable is unset)", "SETTINGS = ("]
    lines += [f'    ("{name}", "{variable}", "{kind}", "{default}"),' for name, variable, kind, default in handler_settings()]
    return "\n".join([*lines, ")", END])


def _handler_type(key: Key) -> str:
    kinds = key.kind if isinstance(key.kind, tuple) else (key.kind,)
    return "float" if float in kinds else kinds[0].__name__


def with_handler_defaults(source: str) -> str:
    """``source`` (a settings.py) with its generated block replaced by the current one."""
    start, end = source.index(BEGIN), source.index(END) + len(END)
    return source[:start] + render_handler_defaults() + source[end:]


def settings_file() -> Path:
    return templates_root() / "lambdas" / "webxr" / "common" / "settings.py"


def reference_file() -> Path:
    return Path(__file__).resolve().parents[2] / "docs" / "configuration.md"


def model_fields_file() -> Path:
    return Path(__file__).with_name("model_fields.py")


def write_all() -> list[Path]:
    """Rewrite the generated files in a source checkout; returns those that changed."""
    changed = []
    for path, text in (
        (model_fields_file(), render_model_fields()),
        (reference_file(), render_reference()),
        (settings_file(), with_handler_defaults(settings_file().read_text())),
    ):
        if path.read_text() != text:
            path.write_text(text)
            changed.append(path)
    return changed


if __name__ == "__main__":
    for path in write_all():
        print(f"wrote {path}")
