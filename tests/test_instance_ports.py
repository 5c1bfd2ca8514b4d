"""Test instances run side by side (OKRUG_TEST_INSTANCE=test-1..test-9, beside the demo):
no port of one is a port of another, or one instance's NATS would bind another's monitor."""

from okrug_local.ports import INSTANCES, get_instance


def test_no_two_instances_share_a_port() -> None:
    names = [*INSTANCES, *(f"test-{n}" for n in range(1, 10))]
    owners: dict[int, str] = {}
    for name in names:
        for what, port in get_instance(name).all_ports().items():
            assert port not in owners, f"{name} {what} uses {port}, as {owners[port]} does"
            owners[port] = f"{name} {what}"
