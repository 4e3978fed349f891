"""TLS is verified: a portal whose certificate the desk cannot trust gets nothing."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sync_helpers import DISTRICT_DESK, password
from sync_proxy import FaultyProxy

from sync.client import PortalClient
from sync.errors import PortalUnavailable


def _self_signed(tmp_path) -> tuple[str, str]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "portal.test")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp_path / "portal.pem", tmp_path / "portal.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_path), str(key_path)


def test_untrusted_certificate_is_refused_and_a_given_ca_is_trusted(sqlite_portal, tmp_path):
    cert, key = _self_signed(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    with FaultyProxy(sqlite_portal.base_url, drop=0, error=0, slow=0, tls=context) as front:
        assert front.base_url.startswith("https://")
        default = PortalClient(front.base_url, retries=2)
        with pytest.raises(PortalUnavailable) as refused:
            default.login(DISTRICT_DESK, password())
        assert refused.value.code == "tls" and "TLS" in refused.value.vi
        assert front.counts["forwarded"] == 0  # the password never left the desk

        trusting = PortalClient(front.base_url, verify=cert)
        assert trusting.login(DISTRICT_DESK, password()).username == DISTRICT_DESK
