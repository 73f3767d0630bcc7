"""What `wrapper dev` and `wrapper deploy` show while the page's npm packages install."""

from __future__ import annotations

from rich.markup import escape

from wrapper.ui import console


def installing(packages: list[str], folder: object) -> None:
    console.step(f"installing the page's npm packages ({', '.join(packages)}) with npm install in {folder}")


def npm_line(line: str) -> None:
    console.stderr().print(f"[dim]npm |[/] {escape(line)}")


def installed(seconds: float) -> None:
    console.success(f"page packages installed in {seconds:.1f} s")
