"""The portal stops and comes back on the same port and database (for fault tests)."""

from __future__ import annotations

import httpx
import pytest
from server_support import Clock


def test_stop_and_start_keep_the_port_and_the_data(db_url):
    from server_stub.testing import run_portal

    with run_portal(db_url, seed="minimal", clock=Clock()) as portal:
        base = portal.base_url
        r = httpx.post(base + "/api/v1/auth/token", json={"username": "canbo.phuthuan",
                                                          "password": "demo"})
        token = {"Authorization": "Bearer " + r.json()["access_token"]}
        before = httpx.get(base + "/api/v1/changes", headers=token).json()
        portal.stop()
        with pytest.raises(httpx.ConnectError):
            httpx.get(base + "/api/v1/health", timeout=2)
        portal.start()
        assert portal.base_url == base
        after = httpx.get(base + "/api/v1/changes", headers=token).json()
        assert after == before and after["changes"]
