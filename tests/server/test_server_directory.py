"""The officer directory: the caller's own unit only, by full name, staff roles only."""

from __future__ import annotations


def test_directory_lists_the_callers_unit_by_full_name(api):
    r = api.get("/officers", "motcua.phuvang")
    assert r.status_code == 200, r.text
    body = r.json()
    people = {o["username"]: o for o in body["officers"]}
    assert "chuyenvien.phuvang" in people and "lanhdao.phuvang" in people
    assert people["chuyenvien.phuvang"]["full_name"].strip()
    assert "specialist" in people["chuyenvien.phuvang"]["roles"]
    # nobody from another unit
    assert not any(u.endswith(".phuthuan") for u in people)
    assert "password_hash" not in str(body)


def test_directory_checks_unit_and_role(api):
    other = api.get("/officers", "motcua.phuvang", params={"unit": "000.00.00.H57"})
    assert other.status_code == 403
    assert api.get("/officers", "vanphong.tinh").status_code == 403  # province office
    assert api.get("/officers").status_code == 401
