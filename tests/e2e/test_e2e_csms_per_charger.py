"""End to end, each charger's own Central System: two operators' CSMSs with their own
passwords in one bridge process, and security profile 3 (a client certificate the CSMS
requires and checks)."""

from __future__ import annotations

import ssl

import pytest
import trio
import trustme

from tests.e2e.harness import Charger, World
from tests.support.csms import TestCsms

pytestmark = pytest.mark.slow


async def test_each_charger_connects_only_to_its_own_csms_with_its_own_password(
    world: World,
) -> None:
    default_password, own_password = "operator-a-password-0001", "operator-b-password-0002"
    with TestCsms(password=default_password) as operator_a, TestCsms(
        password=own_password
    ) as operator_b:
        world.csms = operator_a  # the top-level csms of the config
        on_default = world.charger()
        taken = world.charger()
        on_own = Charger(taken.serial, taken.charge_box_id, taken.pin_id_tag,
                         csms=(("url", operator_b.url), ("password", own_password)))  # fmt: skip
        config = world.write_config([on_default, on_own], password=default_password)
        with trio.fail_after(40):
            world.start_bridge(config)
            await operator_a.wait_for_call("BootNotification", charge_box=on_default.charge_box_id)
            await operator_b.wait_for_call("BootNotification", charge_box=on_own.charge_box_id)
            await trio.sleep(1.0)  # time for a wrong connection to show up
        assert operator_a.connections == [on_default.charge_box_id]
        assert operator_b.connections == [on_own.charge_box_id]
        assert operator_a.auth_failures == [] and operator_b.auth_failures == []
        boot = operator_b.calls("BootNotification", on_own.charge_box_id)[0][3]
        assert boot["chargePointSerialNumber"] == on_own.serial
    log = world.log()
    assert default_password not in log and own_password not in log


async def test_security_profile_3_client_certificate_checked_by_the_csms(world: World) -> None:
    ca = trustme.CA()
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("localhost").configure_cert(server)
    server.verify_mode = ssl.CERT_REQUIRED  # the CSMS requires a client certificate ...
    ca.configure_trust(server)  # ... signed by this CA
    ca_file, cert_file, key_file = (world.tmp / name for name in ("ca.pem", "cp.crt", "cp.key"))
    ca.cert_pem.write_to_path(str(ca_file))
    client = ca.issue_cert("zappi-mtls")
    cert_file.write_bytes(b"".join(blob.bytes() for blob in client.cert_chain_pems))
    client.private_key_pem.write_to_path(str(key_file))
    with TestCsms(ssl_context=server, url_host="localhost") as mtls:
        trusted, refused = world.charger(), world.charger()
        trusted = Charger(trusted.serial, trusted.charge_box_id, csms=(
            ("url", mtls.url), ("ca_file", "ca.pem"),  # relative to the config file
            ("client_cert", "cp.crt"), ("client_key", "cp.key")))  # fmt: skip
        refused = Charger(refused.serial, refused.charge_box_id,
                          csms=(("url", mtls.url), ("ca_file", str(ca_file))))  # no certificate
        with trio.fail_after(40):
            world.start_bridge(world.write_config([trusted, refused]))
            await mtls.wait_for_call("BootNotification", charge_box=trusted.charge_box_id)
            await mtls.wait_for_call("StatusNotification", charge_box=trusted.charge_box_id)
            await trio.sleep(1.5)  # the refused one has retried meanwhile
        assert mtls.connections == [trusted.charge_box_id]
    assert "connection lost" in world.log()  # the refused charger says why, and goes on trying
