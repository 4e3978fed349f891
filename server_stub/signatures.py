"""The portal's check of the signatures on a result (App. steps 3-4, Art. 13.2).

`approve` must carry a PDF signed by the approving leader; `seal_and_register` the same
document with the agency's signature (the clerk's) added as an incremental update. The
portal verifies with pyHanko: every signature intact and cryptographically valid, the
signer's certificate present, the last signer being the acting officer's registered
certificate when one is registered, and — when the portal has a trust store — a chain
to a trusted root. A procedure whose result is issued on paper only says so in its data
(`Procedure.result_on_paper`): then a scan of the signed paper is the result, and no
electronic signature is asked for.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from desk_app.domain import Dossier, FileRef, Officer, Procedure, Role
from desk_app.errors import WorkflowError
from desk_app.workflow import Action, ResultCheck

log = logging.getLogger("server_stub.signatures")
# Without trust roots pyHanko logs a path-building traceback per signature; the portal
# says what matters in its own answer, so only pyHanko's errors reach the log.
logging.getLogger("pyhanko.sign.validation").setLevel(logging.ERROR)
logging.getLogger("pyhanko_certvalidator").setLevel(logging.ERROR)

ACTION_SIGNER_VI = {Action.APPROVE: "lãnh đạo", Action.SEAL_AND_REGISTER: "văn thư (cơ quan)"}


def load_roots(folder: str | Path | None) -> list[asn1_x509.Certificate]:
    """Trusted root certificates (PEM or DER files) from a folder; [] when none."""
    roots: list[asn1_x509.Certificate] = []
    if not folder or not Path(folder).is_dir():
        return roots
    for f in sorted(Path(folder).iterdir()):
        if not f.is_file():
            continue
        data = f.read_bytes()
        blocks = [der for _, _, der in pem.unarmor(data, multiple=True)] \
            if pem.detect(data) else [data]
        roots += [asn1_x509.Certificate.load(b) for b in blocks]
    return roots


def _refuse(code: str, vi: str, en: str) -> WorkflowError:
    return WorkflowError(code, vi, en)


def make_check(load: Callable[[str], bytes | None], procedure: Procedure,
               roots: list[asn1_x509.Certificate]) -> ResultCheck:
    """A `ResultCheck` that reads blobs with `load` and verifies their signatures."""

    def check(action: Action, file: FileRef, dossier: Dossier, actor: Officer | Role) -> None:
        data = load(file.sha256)
        if data is None:
            raise _refuse("blob_missing", f"Chưa tải lên tệp kết quả {file.filename}",
                          f"The result file {file.sha256} is not uploaded")
        if procedure.result_on_paper:
            return  # the scan of the signed paper is the result
        if action is Action.SEAL_AND_REGISTER:
            approved = dossier.result_files[0] if dossier.result_files else None
            before = load(approved.sha256) if approved else None
            # The agency signs the very document the leader signed: an incremental update
            # keeps the approved bytes as the file's prefix.
            if before is None or not data.startswith(before):
                raise _refuse("not_same_document",
                              "Văn bản đóng dấu không phải văn bản lãnh đạo đã ký duyệt",
                              "The sealed file is not the document the leader signed")
        _verify(action, data, actor, roots, minimum=2 if action is Action.SEAL_AND_REGISTER
                else 1)

    return check


def _verify(action: Action, data: bytes, actor: Officer | Role,
            roots: list[asn1_x509.Certificate], minimum: int) -> None:
    who = ACTION_SIGNER_VI.get(action, "")
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        sigs = list(reader.embedded_regular_signatures)
    except Exception as exc:  # a corrupt or non-PDF file: say so, never a 500
        log.info("result is not a readable PDF: %s", type(exc).__name__)
        raise _refuse("not_signed", "Tệp kết quả không phải PDF đọc được",
                      "The result file is not a readable PDF") from None
    if len(sigs) < minimum:
        raise _refuse("not_signed", f"Văn bản kết quả chưa có chữ ký số của {who}",
                      f"The result does not carry the {action.value} signature")
    # Only the portal's own roots, never the operating system's trust list.
    vc = ValidationContext(trust_roots=roots, allow_fetching=False,
                           revocation_mode="soft-fail")
    for sig in sigs:
        try:
            status = validate_pdf_signature(sig, signer_validation_context=vc)
        except Exception as exc:
            log.info("signature could not be validated: %s", type(exc).__name__)
            raise _refuse("bad_signature", "Không kiểm tra được chữ ký số trên văn bản",
                          "A signature on the result could not be validated") from None
        if not (status.intact and status.valid):
            raise _refuse("bad_signature", "Chữ ký số không hợp lệ hoặc văn bản đã bị sửa",
                          "A signature is invalid or the document was changed after signing")
        if roots and not status.trusted:
            raise _refuse("untrusted_signature",
                          "Chứng thư số của người ký không được Cổng tin cậy",
                          "The signer's certificate does not chain to a trusted root")
    last = sigs[-1].signer_cert
    if last is None:
        raise _refuse("not_signed", "Chữ ký số không kèm chứng thư của người ký",
                      "The signature carries no signer certificate")
    wanted = actor.cert_sha256 if isinstance(actor, Officer) else ""
    if wanted and hashlib.sha256(last.dump()).hexdigest() != wanted.lower():
        raise _refuse("wrong_signer", f"Văn bản không được ký bằng chứng thư số của {who} này",
                      "The document was not signed with the acting officer's certificate")
