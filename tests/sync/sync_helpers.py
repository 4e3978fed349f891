"""Helpers of the sync tests: officers of the portal's seed, intake at a desk."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime

from desk_app.calendar import now_vn
from desk_app.domain import (
    Applicant,
    ApplicantKind,
    Channel,
    ComponentSource,
    DossierComponent,
    FileRef,
    Officer,
)
from desk_app.services import DeskService

DISTRICT_DESK = "motcua.phuvang"  # desk officer of UBND huyện Phú Vang in the seed


def password() -> str:
    from server_stub.seed import DEMO_PASSWORD

    return DEMO_PASSWORD


def service(desk, officer: Officer, clock: Callable[[], datetime] = now_vn,
            gate: bool = True) -> DeskService:
    return DeskService(desk.store, officer, clock=clock,
                       work_gate=desk.engine.work_gate if gate else None)


def intake(desk, officer: Officer, n: int, *, receive: bool = True, tag: str = "",
           clock: Callable[[], datetime] = now_vn, scans: int | None = None) -> list[str]:
    """Take `n` paper dossiers in at the counter; the first `scans` (default all) with a
    scanned file per component."""
    svc = service(desk, officer, clock)
    procedures = [p for p in desk.store.procedures(officer.unit_id)
                  if Channel.IN_PERSON in p.submit_ways and p.components]
    codes = []
    for i in range(n):
        proc = procedures[i % len(procedures)]
        comps = []
        for spec in proc.components:
            if scans is not None and i >= scans:
                comps.append(DossierComponent(code=spec.code, name=spec.name,
                                              required=spec.required))
                continue
            data = f"%PDF-1.4 scan {tag} {i} {spec.code}".encode()
            sha = desk.blobs.put(data)
            assert sha == hashlib.sha256(data).hexdigest()
            comps.append(DossierComponent(
                code=spec.code, name=spec.name, required=spec.required,
                files=(FileRef(sha, f"{spec.code}.pdf", size=len(data), pages=1),),
                source=ComponentSource.DIGITISED))
        applicant = Applicant(ApplicantKind.CITIZEN, f"Nguyễn Văn Thử {tag}{i}",
                              id_number=f"046{i:09d}", address="Phú Vang")
        codes.append(svc.intake(proc, applicant, comps, receive=receive).code)
    return codes


def portal_record(client, code: str) -> dict:
    """The portal's record of one dossier, read over HTTP as the desk's officer."""
    resp = client.request("GET", f"/dossiers/{code}")
    assert resp.status_code == 200, resp.text
    return resp.json()


def new_appointment(desk, officer: Officer, code: str, days: int = 2) -> datetime:
    """A lawful new date for an apology (form 04): a working day after the appointment
    in force (or two working days from now for a dossier not yet received)."""
    from desk_app.domain import TimeUnit

    svc = service(desk, officer)
    d = desk.store.get_dossier(code)
    base = max(d.effective_due_at or now_vn(), now_vn())
    return svc.calendar(d.agency_id).add(base, days, TimeUnit.WORKING_DAYS)
