"""Everything ``wrapper dev --lan`` decides before it listens: the address, the CA, the certificate."""

from __future__ import annotations

import ipaddress
import socket
import ssl
from dataclasses import dataclass
from pathlib import Path

from wrapper.lan.addresses import choose, default_route_ip, lan_addresses
from wrapper.lan.ca import LocalCA, local_ca
from wrapper.lan.leaf import Names, ServerCert, server_cert


@dataclass(frozen=True)
class LanSetup:
    host: str  # the LAN address served (and put in the QR code)
    hostname: str
    names: Names  # every name and address the certificate carries
    ca: LocalCA
    cert: ServerCert

    def ssl_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(self.cert.path)
        return context

    def allowed_hosts(self) -> frozenset[str]:
        """Host names a page may be loaded by (the Host header), each one the certificate names."""
        return frozenset(self.names.dns) | frozenset(_host_form(ip) for ip in self.names.ips)

    def url(self, port: int, scheme: str = "https") -> str:
        return f"{scheme}://{_host_form(ipaddress.ip_address(self.host))}:{port}/"


def prepare_lan(requested_host: str | None, *, ca_folder: Path | None = None) -> LanSetup:
    """Pick the address, load or create the CA, reuse or issue the server certificate."""
    candidates = lan_addresses()
    host = choose(candidates, requested_host, None if requested_host else default_route_ip())
    hostname = socket.gethostname()
    names = Names.for_machine(hostname, sorted({a.ip for a in candidates} | {host}))
    ca = local_ca(ca_folder)
    return LanSetup(host, hostname, names, ca, server_cert(ca, names))


def _host_form(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    return f"[{ip}]" if ip.version == 6 else str(ip)
