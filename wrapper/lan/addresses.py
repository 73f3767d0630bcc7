"""Which address of this machine the headset should use.

``lan_addresses`` lists the interfaces' IPv4 addresses that another device could reach
(not loopback, not link-local, not a container bridge); ``choose`` picks one: ``--host``
when given (it must belong to this machine), else the address of the interface that
carries the default route, else the first private one. The default-route interface is
found by ``connect()`` on a UDP socket, which only consults the routing table: no
packet is sent.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass

import ifaddr

from wrapper.errors import UsageError, WrapperError

# Interfaces of containers and virtual machines on this computer, not the Wi-Fi a headset is on.
_VIRTUAL_PREFIXES = ("docker", "br-", "veth", "virbr", "vmnet", "vboxnet", "lxc", "lxd", "cni", "flannel", "podman", "cali")
_ROUTE_PROBE = "198.51.100.1"  # TEST-NET-2 (RFC 5737): never a real host; connect() on UDP sends nothing


@dataclass(frozen=True)
class Address:
    interface: str
    ip: str


def lan_addresses(adapters: Iterable[ifaddr.Adapter] | None = None) -> list[Address]:
    """Every IPv4 address of this machine another device on the network could reach."""
    found: list[Address] = []
    for adapter in ifaddr.get_adapters() if adapters is None else adapters:
        name = adapter.nice_name or adapter.name
        for ip in adapter.ips:
            if not isinstance(ip.ip, str):
                continue  # IPv6: phones reach a laptop by IPv4 on home and office Wi-Fi
            address = ipaddress.IPv4Address(ip.ip)
            if address.is_loopback or address.is_link_local or address.is_unspecified or address.is_multicast:
                continue
            found.append(Address(str(name), str(address)))
    return found


def default_route_ip() -> str | None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect((_ROUTE_PROBE, 9))
            return str(probe.getsockname()[0])
        except OSError:
            return None


def choose(candidates: list[Address], requested: str | None, route_ip: str | None) -> str:
    """The address to serve the LAN on, or one clear error."""
    if requested:
        try:
            ipaddress.ip_address(requested)
        except ValueError:
            raise UsageError(
                f"--host {requested!r} is not an IP address", "pass one of this machine's addresses, e.g. --host 192.168.1.20"
            ) from None
        if requested not in {a.ip for a in candidates}:
            known = ", ".join(f"{a.ip} ({a.interface})" for a in candidates) or "none"
            raise UsageError(f"--host {requested} is not an address of this machine", f"its LAN addresses: {known}")
        return requested
    real = [a for a in candidates if not a.interface.lower().startswith(_VIRTUAL_PREFIXES)] or candidates
    if not real:
        raise WrapperError(
            "no local network interface with an IPv4 address: `wrapper dev --lan` has nothing to serve a headset on",
            "connect this machine to the Wi-Fi (or network) the headset uses, or pass --host ADDRESS",
        )
    for address in real:
        if address.ip == route_ip:
            return address.ip
    private = [a for a in real if ipaddress.IPv4Address(a.ip).is_private]
    return (private or real)[0].ip
