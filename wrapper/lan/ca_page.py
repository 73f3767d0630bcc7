"""The page server's ``/wrapper-ca`` page: the local CA to download, and how to install it."""

from __future__ import annotations

from html import escape

from aiohttp import web

from wrapper.lan.ca import LocalCA

PAGE_PATH = "/wrapper-ca"
CERT_PATH = "/wrapper-ca.crt"

# Short on purpose; README.md "Headset setup" has the same steps with more context.
STEPS = (
    (
        "Meta Quest",
        "Quest has no settings page for adding a CA. Open the page URL, choose Advanced → Proceed, "
        "then open https://{host}:{ws_port}/ once the same way (the WebSocket's port); or connect the headset by USB, "
        "run <code>adb reverse tcp:{page_port} tcp:{page_port}</code> and <code>adb reverse tcp:{ws_port} tcp:{ws_port}</code>, "
        "and open https://localhost:{page_port}/.",
    ),
    (
        "Android",
        "Download the certificate below, then Settings → Security → More security settings → Encryption &amp; credentials "
        "→ Install a certificate → CA certificate, and pick the downloaded file. Reload the page in Chrome.",
    ),
    (
        "iPhone / iPad",
        "Open this page in Safari and download the certificate (Allow). Settings → General → VPN &amp; Device Management → "
        "install the profile; then Settings → General → About → Certificate Trust Settings → turn on full trust for it.",
    ),
    (
        "Desktop",
        "macOS: open the file, add it to the login keychain, double-click it → Trust → Always Trust. "
        "Windows: open it → Install Certificate → Trusted Root Certification Authorities. "
        "Linux and Firefox: browser settings → Certificates → Authorities → Import, trust for websites.",
    ),
)


def render(ca: LocalCA, host: str, page_port: int, ws_port: int) -> str:
    ports = {"host": escape(host), "page_port": page_port, "ws_port": ws_port}
    items = "\n".join(f"<h2>{escape(name)}</h2><p>{text.format(**ports)}</p>" for name, text in STEPS)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>wrapper dev · trust the local CA</title>
<style>body{{font:16px/1.5 system-ui,sans-serif;max-width:40em;margin:2em auto;padding:0 1em}}code{{word-break:break-all}}</style>
</head><body>
<h1>Trust this computer's development CA</h1>
<p>Install it once per device and every <code>wrapper dev --lan</code> page from this computer opens without a warning,
so WebXR's Enter VR works. Check the fingerprint matches the one <code>wrapper dev --lan --print-ca</code> shows.</p>
<p><a href="{CERT_PATH}" download="wrapper-dev-ca.crt"><b>Download the CA certificate</b></a></p>
<p>SHA-256 fingerprint: <code>{escape(ca.fingerprint())}</code></p>
{items}
<p><a href="/">Back to the page</a></p>
</body></html>
"""


def routes(ca: LocalCA, host: str, page_port: int, ws_port: int) -> list[web.RouteDef]:
    page = render(ca, host, page_port, ws_port)
    certificate = ca.pem()

    async def show(_request: web.Request) -> web.Response:
        return web.Response(text=page, content_type="text/html", headers={"Cache-Control": "no-store"})

    async def download(_request: web.Request) -> web.Response:
        # The content type phones key on to offer "install certificate"; PEM is accepted by all four.
        return web.Response(
            body=certificate,
            content_type="application/x-x509-ca-cert",
            headers={"Content-Disposition": 'attachment; filename="wrapper-dev-ca.crt"', "Cache-Control": "no-store"},
        )

    return [web.get(PAGE_PATH, show), web.get(CERT_PATH, download)]
