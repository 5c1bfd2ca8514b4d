"""Test instances run side by side (OKRUG_TEST_INSTANCE=test-1..test-9, beside the demo):
no port of one is a port of another, or one instance's NATS would bind another's monitor."""

from pathlib import Path

import pytest

from okrug_local import ports
from okrug_local.ports import INSTANCES, get_instance


def test_no_two_instances_share_a_port() -> None:
    names = [*INSTANCES, *(f"test-{n}" for n in range(1, 10))]
    owners: dict[int, str] = {}
    for name in names:
        for what, port in get_instance(name).all_ports().items():
            assert port not in owners, f"{name} {what} uses {port}, as {owners[port]} does"
            owners[port] = f"{name} {what}"


def test_reserving_ports_keeps_what_was_reserved_and_adds_the_instance(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reserved = tmp_path / "ip_local_reserved_ports"
    reserved.write_text("8080,50000-50010\n")
    monkeypatch.setattr(ports, "RESERVED_PORTS_FILE", reserved)
    instance = get_instance("test-3")

    assert ports.reserve_ports(instance)

    entries = set(reserved.read_text().split(","))
    assert {"8080", "50000-50010"} <= entries
    assert {str(port) for port in instance.all_ports().values()} <= entries


def test_reserving_ports_without_the_kernel_setting_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ports, "RESERVED_PORTS_FILE", tmp_path / "missing" / "file")
    assert not ports.reserve_ports(get_instance("test"))
