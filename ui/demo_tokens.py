"""USB tokens for the demo: SoftHSM2 tokens with certificates of a throw-away test CA.

Approving is signing (App. step 3) and sealing is the agency's signature (App. step 4): the
portal refuses an unsigned approval. So that the demo's leaders and clerks can do their
work, the demo makes one token per leader (its certificate names the leader) and one per
unit's clerk (its certificate names the unit), all with the PIN `DEMO_PIN`. Nothing here
signs real documents; it needs the Debian package softhsm2 and is skipped without it.
"""

from __future__ import annotations

import logging
import shutil
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from desk_app.domain import Officer, Role

log = logging.getLogger("ui.demo_tokens")
DEMO_PIN = "123456"


def _label(text: str) -> str:
    """A token label: ASCII, at most 32 characters."""
    ascii_ = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in ascii_ if c.isascii() and not unicodedata.combining(c))[:32]


def prepare(folder: Path, officers: Iterable[Officer], unit_names: dict[str, str]
            ) -> Path | None:
    """Make the demo tokens under `folder`; the PKCS#11 module to use, or None."""
    try:
        from signing.softhsm import SoftHsm, make_test_pki, softhsm_module
    except ImportError:
        return None
    if shutil.which("softhsm2-util") is None or softhsm_module() is None:
        log.info("SoftHSM2 is not installed: the demo has no signing tokens")
        return None
    try:
        from datetime import UTC, datetime, timedelta

        pki = make_test_pki()
        now = datetime.now(UTC)
        valid = {"not_before": now - timedelta(days=30), "not_after": now + timedelta(days=700)}
        hsm = SoftHsm(folder)
        made: set[str] = set()
        for o in officers:
            if o.has(Role.LEADER):
                who, label = o.full_name, _label(f"LD {o.username}")
            elif o.has(Role.CLERK):
                who = unit_names.get(o.unit_id, o.unit_id)
                label = _label(f"VT {o.unit_id}")
            else:
                continue
            if label in made:
                continue
            made.add(label)
            hsm.create_token(label, DEMO_PIN, pki.issue(who, **valid))
        return hsm.module
    except Exception as exc:  # the demo goes on without tokens, and says why in the log
        log.warning("demo tokens not made: %s", exc)
        return None


def unit_names() -> dict[str, str]:
    """The demo units' names (the clerk's seal certificate names its unit)."""
    try:
        from server_stub.seed_catalogue import UNITS
        from server_stub.seed_units2026 import units

        UNITS = (*UNITS, *units())  # the default demo's (hue2026) names win
    except ImportError:
        from ui.demo_data import COMMUNE, DISTRICT

        UNITS = (DISTRICT, COMMUNE)
    return {u.agency_id: u.name for u in UNITS}
