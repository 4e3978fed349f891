"""A SoftHSM2 token with certificates from a throw-away CA: tests, demos, bench.

Nothing here is used to sign real documents. It makes a test CA with `cryptography`
(a leader, a clerk/agency seal, an expired and a revoked certificate, a TSA) and
loads keys and certificates into SoftHSM2 tokens under a folder of its own
(its own SOFTHSM2_CONF), as pyHanko's own CI does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pkcs11
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pkcs11 import Attribute
from pkcs11.util.rsa import decode_rsa_private_key
from pkcs11.util.x509 import decode_x509_certificate

SOFTHSM_PATHS = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
)


def softhsm_module() -> Path | None:
    for p in SOFTHSM_PATHS:
        if Path(p).is_file():
            return Path(p)
    return None


@dataclass
class Identity:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate

    @property
    def cert_der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)

    @property
    def asn1_cert(self) -> asn1_x509.Certificate:
        return asn1_x509.Certificate.load(self.cert_der)

    @property
    def asn1_key(self) -> asn1_keys.PrivateKeyInfo:
        return asn1_keys.PrivateKeyInfo.load(self.key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))


TEST_CRL_URL = "http://127.0.0.1:9/desk-test-root.crl"


def _name(cn: str, org: str = "UBND tỉnh Thừa Thiên Huế (thử nghiệm)") -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
        x509.NameAttribute(NameOID.COMMON_NAME, cn),
    ])


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class TestPki:
    root: Identity
    leader: Identity
    clerk: Identity
    expired: Identity
    revoked: Identity
    tsa: Identity
    crl: x509.CertificateRevocationList
    extra: dict[str, Identity] = field(default_factory=dict)

    def issue(self, cn: str, *, not_before: datetime, not_after: datetime,
              eku: list[x509.ObjectIdentifier] | None = None) -> Identity:
        key = _key()
        builder = (
            x509.CertificateBuilder()
            .subject_name(_name(cn))
            .issuer_name(self.root.cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before)
            .not_valid_after(not_after)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(
                digital_signature=True, content_commitment=not eku, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=False,
                crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                self.root.key.public_key()), critical=False)
            # Declared like a real CA's; never fetched in tests (the CRL is handed in).
            .add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
                full_name=[x509.UniformResourceIdentifier(TEST_CRL_URL)], relative_name=None,
                reasons=None, crl_issuer=None)]), critical=False)
        )
        if eku:
            builder = builder.add_extension(x509.ExtendedKeyUsage(eku), critical=True)
        return Identity(key, builder.sign(self.root.key, hashes.SHA256()))

    def root_pem(self) -> bytes:
        return self.root.cert.public_bytes(serialization.Encoding.PEM)

    def crl_pem(self) -> bytes:
        return self.crl.public_bytes(serialization.Encoding.PEM)


def make_test_pki(now: datetime | None = None) -> TestPki:
    now = now or datetime.now(UTC)
    root_key = _key()
    root_name = _name("Test Root CA Desk (thử nghiệm)")
    root_cert = (
        x509.CertificateBuilder()
        .subject_name(root_name).issuer_name(root_name)
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=3650))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=False, content_commitment=False, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()),
                       critical=False)
        .sign(root_key, hashes.SHA256())
    )
    pki = TestPki.__new__(TestPki)
    pki.root = Identity(root_key, root_cert)
    pki.extra = {}
    valid = {"not_before": now - timedelta(days=30), "not_after": now + timedelta(days=700)}
    pki.leader = pki.issue("Nguyễn Văn An", **valid)
    pki.clerk = pki.issue("UBND huyện Phú Vang", **valid)
    pki.expired = pki.issue("Trần Thị Hết Hạn", not_before=now - timedelta(days=800),
                            not_after=now - timedelta(days=2))
    pki.revoked = pki.issue("Lê Văn Thu Hồi", **valid)
    pki.tsa = pki.issue("Máy chủ dấu thời gian thử nghiệm", eku=[ExtendedKeyUsageOID.TIME_STAMPING],
                        **valid)
    revoked_entry = (
        x509.RevokedCertificateBuilder()
        .serial_number(pki.revoked.cert.serial_number)
        .revocation_date(now - timedelta(days=1))
        .build()
    )
    pki.crl = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(root_name)
        .last_update(now - timedelta(hours=1))
        .next_update(now + timedelta(days=7))
        .add_revoked_certificate(revoked_entry)
        .add_extension(x509.CRLNumber(1), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
            root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    return pki


class SoftHsm:
    """SoftHSM2 tokens in `folder`, with a SOFTHSM2_CONF of their own.

    `activate()` points this process at the folder (the module reads the
    variable when it initialises, so an already loaded module is re-initialised).
    """

    def __init__(self, folder: Path) -> None:
        module = softhsm_module()
        if module is None:
            raise RuntimeError("SoftHSM2 is not installed (Debian package softhsm2)")
        self.module = module
        self.folder = Path(folder)
        self.tokens_dir = self.folder / "tokens"
        self.tokens_dir.mkdir(parents=True, exist_ok=True)
        self.conf = self.folder / "softhsm2.conf"
        self.conf.write_text(
            f"directories.tokendir = {self.tokens_dir}\nobjectstore.backend = file\n"
            "log.level = ERROR\nslots.removable = true\n"
        )
        self.token_dirs: dict[str, Path] = {}

    def env(self) -> dict[str, str]:
        return {**os.environ, "SOFTHSM2_CONF": str(self.conf)}

    def activate(self) -> None:
        os.environ["SOFTHSM2_CONF"] = str(self.conf)
        lib = pkcs11.lib(str(self.module))
        lib.reinitialize()

    def create_token(self, label: str, pin: str, identity: Identity | None,
                     so_pin: str = "87654321") -> None:
        before = set(self.tokens_dir.iterdir())
        subprocess.run(
            ["softhsm2-util", "--init-token", "--free", "--label", label,
             "--so-pin", so_pin, "--pin", pin],
            check=True, capture_output=True, env=self.env(),
        )
        (new_dir,) = set(self.tokens_dir.iterdir()) - before
        self.token_dirs[label] = new_dir
        self.activate()
        if identity is None:
            return
        token = pkcs11.lib(str(self.module)).get_token(token_label=label)
        key_id = b"\x01"
        with token.open(user_pin=pin, rw=True) as session:
            der = identity.key.private_bytes(serialization.Encoding.DER,
                                             serialization.PrivateFormat.TraditionalOpenSSL,
                                             serialization.NoEncryption())
            attrs = decode_rsa_private_key(der)
            attrs.update({Attribute.TOKEN: True, Attribute.PRIVATE: True,
                          Attribute.SENSITIVE: True, Attribute.SIGN: True,
                          Attribute.ID: key_id, Attribute.LABEL: label})
            session.create_object(attrs)
            cert_attrs = decode_x509_certificate(identity.cert_der)
            cert_attrs.update({Attribute.TOKEN: True, Attribute.ID: key_id,
                               Attribute.LABEL: label})
            session.create_object(cert_attrs)

    def pull_out(self, label: str) -> Path:
        """Simulate pulling the token out: its store disappears under the module."""
        src = self.token_dirs[label]
        dst = self.folder / f"removed-{src.name}"
        shutil.move(str(src), str(dst))
        return dst

    def plug_in(self, label: str, removed: Path) -> None:
        shutil.move(str(removed), str(self.token_dirs[label]))
        self.activate()
