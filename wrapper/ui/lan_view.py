"""What `wrapper dev --lan` adds to the banner: the LAN URL as text and QR code, the CA, a warning."""

from __future__ import annotations

from typing import TYPE_CHECKING

import segno
from rich.markup import escape

from wrapper.lan import LanSetup
from wrapper.lan.ca import LocalCA
from wrapper.lan.ca_page import PAGE_PATH
from wrapper.ui import console

if TYPE_CHECKING:
    from wrapper.offline.server import DevServer


def banner(lan: LanSetup, server: DevServer) -> None:
    out = console.stderr()
    page = server.page_url or lan.url(server.frontend_port)
    out.print(f"  on the network  [bold cyan]{escape(page)}[/]  (scan it with the headset or phone)")
    for line in qr_lines(page):
        out.print(f"  {line}", style="black on white", highlight=False)
    out.print(f"  trust the CA    [cyan]{escape(page.rstrip('/') + PAGE_PATH)}[/]  (download and install steps, once per device)")
    out.print(f"  CA fingerprint  {lan.ca.fingerprint()}", emoji=False)
    out.print(f"  this machine    [cyan]https://localhost:{server.frontend_port}/[/]")
    if lan.cert.reissued:
        names = ", ".join(sorted(lan.names.dns) + sorted(str(ip) for ip in lan.names.ips))
        out.print(f"  certificate     new, for {escape(names)}; valid until {lan.cert.cert.not_valid_after_utc:%Y-%m-%d}")
    if not server.config.multiplayer.auth:
        console.warn("anyone on this network can join: set multiplayer.auth = true and share `wrapper token` links to limit who can")


def ca_info(ca: LocalCA) -> None:
    """`--print-ca`: the path on stdout (for scripts), the rest for people on stderr."""
    console.stdout().print(str(ca.cert_path), highlight=False, soft_wrap=True)
    err = console.stderr()
    err.print(f"local CA certificate (install it on devices): {escape(str(ca.cert_path))}")
    err.print(f"its key stays in {escape(str(ca.folder))}, readable only by you; never copy it to a device")
    err.print(f"SHA-256 fingerprint  {ca.fingerprint()}", emoji=False)
    err.print(f"SPKI hash            {ca.spki_hash()}  (chromium --ignore-certificate-errors-spki-list)")


def qr_lines(text: str) -> list[str]:
    """A QR code as text: two modules per character cell, dark modules drawn in the foreground colour."""
    matrix = [list(row) for row in segno.make(text, error="m").matrix]
    quiet = 2
    width = len(matrix[0]) + 2 * quiet
    rows = [[0] * width for _ in range(quiet)] + [[0] * quiet + row + [0] * quiet for row in matrix] + [[0] * width for _ in range(quiet)]
    if len(rows) % 2:
        rows.append([0] * width)
    glyphs = {(0, 0): " ", (1, 0): "▀", (0, 1): "▄", (1, 1): "█"}
    return ["".join(glyphs[(top[i], bottom[i])] for i in range(width)) for top, bottom in zip(rows[::2], rows[1::2], strict=True)]
