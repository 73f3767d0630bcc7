"""The source of ``config/model_fields.py``: one frozen dataclass per modelled section of the schema."""

from __future__ import annotations

import re

from wrapper.config.model_layout import fields_of, model_of, modelled
from wrapper.config.schema import PROJECT
from wrapper.config.schema_types import Section

HEADER = '''\
"""The frozen model's fields, generated from wrapper/config/schema.py by ``python -m wrapper.config.generated``: do not edit.

``wrapper.config.model`` adds the methods and is where the rest of wrapper imports the model from.
"""

from __future__ import annotations'''


def render_model_fields(root: Section = PROJECT) -> str:
    sections = modelled(root)
    classes = [_render_class(section) for section in sections]
    generated = {model_of(s).name for s in sections if not model_of(s).behaviour}
    used = set(re.findall(r"\b[A-Z]\w*", " ".join(f.annotation for s in sections for f in fields_of(s))))
    stdlib = ["from dataclasses import dataclass"]
    if "Mapping" in used:
        stdlib.insert(0, "from collections.abc import Mapping")
    if "Path" in used:
        stdlib.append("from pathlib import Path")
    from_model = sorted(used - generated - {"Mapping", "Path", "None"})
    imports = "\n".join(stdlib)
    if from_model:
        imports += "\nfrom typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from wrapper.config.model import " + ", ".join(from_model)
    return "\n\n".join([HEADER, imports, *classes]).rstrip() + "\n"


def _render_class(section: Section) -> str:
    model = model_of(section)
    name = f"{model.name}Fields" if model.behaviour else model.name
    lines = ["", "@dataclass(frozen=True, kw_only=True)", f"class {name}:"]
    if model.doc:
        lines += [f'    """{model.doc}"""', ""]
    for field in fields_of(section):
        default = " = None" if field.annotation.endswith("| None") else ""
        lines.append(f"    {field.name}: {field.annotation}{default}")
    return "\n".join(lines)
