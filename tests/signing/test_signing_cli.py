"""`desk-app sign` and `desk-app verify` from a terminal."""

from __future__ import annotations

import io

from desk_app.cli import main as desk_main

from .conftest import LEADER, PIN


def test_sign_then_verify(tmp_path, make_pdf, hsm, pki, monkeypatch, capsys):
    files = [make_pdf(tmp_path / f"gp{i}.pdf") for i in range(2)]
    out = tmp_path / "signed"
    monkeypatch.setattr("sys.stdin", io.StringIO(PIN + "\n"))
    rc = desk_main(["sign", "--module", str(hsm.module), "--token-label", LEADER,
                    "--role", "leader", "--pin-stdin", "--title", "CHỦ TỊCH",
                    "--out", str(out), *map(str, files)])
    text = capsys.readouterr().out
    assert rc == 0, text
    assert "Đã ký 2/2 văn bản." in text
    assert PIN not in text

    root = tmp_path / "root.pem"
    root.write_bytes(pki.root_pem())
    rc = desk_main(["verify", str(out / "gp0.pdf"), str(out / "gp1.pdf"), "--trust", str(root)])
    text = capsys.readouterr().out
    assert rc == 0
    assert text.count(": Chữ ký hợp lệ, văn bản còn nguyên vẹn — Nguyễn Văn An\n") == 2

    rc = desk_main(["verify", str(files[0]), "--trust", str(root)])
    assert rc == 1
    assert "Tệp không có chữ ký số" in capsys.readouterr().out


def test_sign_wrong_pin_and_list(tmp_path, make_pdf, hsm, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("999999\n"))
    rc = desk_main(["sign", "--module", str(hsm.module), "--token-label", LEADER,
                    "--pin-stdin", "--out", str(tmp_path / "o"),
                    str(make_pdf(tmp_path / "a.pdf"))])
    captured = capsys.readouterr()
    assert rc == 2
    assert "Lỗi: Mã PIN không đúng." in captured.err
    assert "999999" not in captured.err + captured.out
    assert not (tmp_path / "o" / "a.pdf").exists()

    rc = desk_main(["sign", "--module", str(hsm.module), "--list"])
    text = capsys.readouterr().out
    assert rc == 0
    assert f"Token “{LEADER}”" in text and "Nguyễn Văn An — cấp bởi Test Root CA" in text
