"""Signatures for the demo seed's results: a throw-away CA in software, never for real use.

The seed plays every dossier's history through the workflow, and the workflow now asks
for a leader-signed result at `approve` and the agency's signature on the same document
at `seal_and_register` (App. steps 3-4). The seed signs with software keys (pyHanko's
SimpleSigner, EC P-256 so that making them is quick); the demo desks sign with a real
token (SoftHSM) instead.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from io import BytesIO

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Dữ liệu mẫu (demo)"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


@lru_cache(maxsize=1)
def _root() -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(_name("CA thử nghiệm (demo)"))
            .issuer_name(_name("CA thử nghiệm (demo)")).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=3650))
            .not_valid_after(now + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    return key, cert


@lru_cache(maxsize=64)
def signer_for(common_name: str) -> signers.SimpleSigner:
    """A software signer with a certificate from the demo CA."""
    root_key, root = _root()
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(_name(common_name)).issuer_name(root.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=3650))
            .not_valid_after(now + timedelta(days=3650))
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False,
                                         False), critical=True)
            .sign(root_key, hashes.SHA256()))
    der = lambda c: asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))  # noqa: E731
    pkcs8 = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption())
    return signers.SimpleSigner(
        signing_cert=der(cert), signing_key=asn1_keys.PrivateKeyInfo.load(pkcs8),
        cert_registry=SimpleCertificateStore.from_certs([der(root)]))


@lru_cache(maxsize=512)
def sign(data: bytes, common_name: str, field_name: str) -> bytes:
    """`data` with one more signature (an incremental update), by `common_name`.

    Cached: a seed played twice in one process (same clock) gives the same bytes."""
    writer = IncrementalPdfFileWriter(BytesIO(data), strict=False)
    out = signers.sign_pdf(writer, signers.PdfSignatureMetadata(field_name=field_name),
                           signer=signer_for(common_name))
    return out.getvalue()


def root_pem() -> bytes:
    return _root()[1].public_bytes(serialization.Encoding.PEM)
