"""Output for the CLI's fast path, which answers before rich is imported: plain text, same content."""

from __future__ import annotations

import json
import sys
from typing import Any

from wrapper.package.sizes import human


def package_replay(result: dict[str, Any], *, as_json: bool) -> None:
    """``wrapper package`` when nothing changed: what ``package_view.summary`` shows, without colour."""
    if as_json:
        sys.stdout.write(json.dumps(result, indent=2, sort_keys=False) + "\n")
        return
    rows = [("function", "zip", "size", "status")]
    rows += [(name, f["zip"], human(f["size"]), f["status"]) for name, f in result["functions"].items()]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [f"Stage {result['stage']}: {result['dist']}"]
    lines += ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    sys.stdout.write("\n".join(lines) + "\n")
    deps = result["dependencies"]
    messages = [f"dependencies (from cache): {', '.join(deps['packages']) or 'none'}"] if deps["cache"] != "none" else []
    messages += list(result["notes"])
    messages.append(f"✓ every function unchanged ({result['seconds']:.3f} s)")
    sys.stderr.write("\n".join(messages) + "\n")
