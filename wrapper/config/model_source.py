"""The source of ``config/model_fields.py``: one frozen dataclass per modelled section of the schema."""

from __future__ import annotations

import re

from wrapper.config import frozen
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
    from_model = sorted(used - generated - {"Mapping", "Path", "None"})
    stdlib = [
        *(["from collections.abc import Mapping"] if "Mapping" in used else []),
        *(["from pathlib import Path"] if "Path" in used else []),
        *(["from typing import TYPE_CHECKING"] if from_model else []),
    ]
    bases = sorted({model_of(s).base for s in sections})
    blocks = ["\n".join(stdlib), f"from wrapper.config.frozen import {', '.join(bases)}"]
    if from_model:
        blocks.append("if TYPE_CHECKING:\n    from wrapper.config.model import " + ", ".join(from_model))
    imports = "\n\n".join(block for block in blocks if block)
    return "\n\n".join([HEADER, imports, *classes]).rstrip() + "\n"


def _render_class(section: Section) -> str:
    model = model_of(section)
    name = f"{model.name}Fields" if model.behaviour else model.name
    lines = ["", f"class {name}({model.base}):"]
    if model.doc:
        lines += [f'    """{model.doc}"""', ""]
    inherited = set(getattr(getattr(frozen, model.base), "__dataclass_fields__", {}))  # Frozen itself has none
    for field in fields_of(section):
        if field.name in inherited:
            continue
        default = " = None" if field.annotation.endswith("| None") else ""
        lines.append(f"    {field.name}: {field.annotation}{default}")
    return "\n".join(lines)
