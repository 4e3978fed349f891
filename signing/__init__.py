"""USB tokens (PKCS#11), PIN prompts, PAdES signing and validation.

The API the UI calls:

- `SigningService(module_path, pin_prompt=…, register_book=…).sign_batch(jobs, profile,
  progress=…, cancel=…) -> BatchResult` (or `submit_batch` for a Future); token I/O
  runs on one serial worker thread (`signing.worker`).
- `SigningService.list_tokens()` / `list_tokens(module)`: tokens and certificates,
  with `CertificateInfo.problems(now)` to warn before signing.
- `find_modules(configured)`: PKCS#11 libraries of the known Vietnamese CAs.
- `validate_pdf(path, TrustStore) -> ValidationReport` (`status_vi()` for the
  dossier view).
- `PinPrompt`: the protocol the UI's PIN dialog implements.
- `RegisterBook`: the protocol `desk_app.store.Store` satisfies via
  `StoreRegisterBook(store)`.
"""

from .errors import (
    CertificateNotFoundError,
    CertificateValidityError,
    PinCancelledError,
    PinIncorrectError,
    PinLockedError,
    SigningError,
    TokenLibraryError,
    TokenNotFoundError,
    TokenRemovedError,
)
from .modules import FoundModule, find_modules
from .pades import Level, RegisterPlacement
from .pin import FixedPin, PinPrompt
from .register import InMemoryRegisterBook, RegisterBook, StoreRegisterBook, decree30_date
from .service import (
    BatchResult,
    FileOutcome,
    Outcome,
    SignerProfile,
    SigningService,
    SignJob,
    SignRole,
)
from .tokens import CertificateInfo, TokenInfo, list_tokens
from .validate import SignatureReport, TrustStore, ValidationReport, Verdict, validate_pdf

__all__ = [
    "BatchResult",
    "CertificateInfo",
    "CertificateNotFoundError",
    "CertificateValidityError",
    "FileOutcome",
    "FixedPin",
    "FoundModule",
    "InMemoryRegisterBook",
    "Level",
    "Outcome",
    "PinCancelledError",
    "PinIncorrectError",
    "PinLockedError",
    "PinPrompt",
    "RegisterBook",
    "RegisterPlacement",
    "SignJob",
    "SignRole",
    "SignatureReport",
    "SignerProfile",
    "SigningError",
    "SigningService",
    "StoreRegisterBook",
    "TokenInfo",
    "TokenLibraryError",
    "TokenNotFoundError",
    "TokenRemovedError",
    "TrustStore",
    "ValidationReport",
    "Verdict",
    "decree30_date",
    "find_modules",
    "list_tokens",
    "validate_pdf",
]
