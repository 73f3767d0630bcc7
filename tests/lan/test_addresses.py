"""Choosing the address a headset should use, from the machine's interfaces."""

from __future__ import annotations

import ifaddr
import pytest

from wrapper.errors import UsageError, WrapperError
from wrapper.lan.addresses import Address, choose, lan_addresses


def adapter(name: str, *ips: str) -> ifaddr.Adapter:
    return ifaddr.Adapter(name, name, [ifaddr.IP(ip, 24, name) for ip in ips])


def test_loopback_link_local_and_ipv6_are_not_lan_addresses() -> None:
    found = lan_addresses(
        [
            adapter("lo", "127.0.0.1"),
            adapter("wlan0", "192.168.1.20", "169.254.3.3"),
            ifaddr.Adapter("eth1", "eth1", [ifaddr.IP(("fd00::2", 0, 0), 64, "eth1")]),
        ]
    )
    assert found == [Address("wlan0", "192.168.1.20")]


def test_the_default_route_interface_wins_and_container_bridges_lose() -> None:
    candidates = [Address("docker0", "172.17.0.1"), Address("eth0", "10.1.2.3"), Address("wlan0", "192.168.1.20")]
    assert choose(candidates, None, route_ip="192.168.1.20") == "192.168.1.20"
    assert choose(candidates, None, route_ip=None) == "10.1.2.3"
    assert choose([Address("docker0", "172.17.0.1")], None, None) == "172.17.0.1", "better a bridge than nothing"


def test_host_must_be_one_of_this_machines_addresses() -> None:
    candidates = [Address("wlan0", "192.168.1.20")]
    assert choose(candidates, "192.168.1.20", None) == "192.168.1.20"
    with pytest.raises(UsageError, match="not an address of this machine"):
        choose(candidates, "192.168.1.99", None)
    with pytest.raises(UsageError, match="not an IP address"):
        choose(candidates, "my-laptop", None)


def test_no_lan_interface_is_one_clear_error() -> None:
    with pytest.raises(WrapperError) as caught:
        choose([], None, None)
    assert "no local network interface" in caught.value.message
    assert caught.value.hint is not None and "--host" in caught.value.hint
