"""Printing form 01 through a real CUPS: a private cupsd with a cups-pdf queue.

The test starts its own cupsd (own ServerRoot, spool and socket under a temporary
folder, no network port), so it never touches the machine's print queues. cups-pdf
runs as a CUPS back end and must run as root, and it only reads its configuration
from /etc/cups: the fixture writes one instance file there
(/etc/cups/cups-pdf-<instance>.conf, pointing the output at the temporary folder)
and removes it afterwards. Where cupsd or cups-pdf is missing, or the tests do not
run as root, the tests are skipped with the reason.

cups-pdf takes PostScript only: CUPS turns the PDF into PostScript and Ghostscript
turns it back, which keeps every glyph but drops the PDF's ToUnicode maps, so
pdftotext reads back the ASCII letters (the dossier code) but not the Vietnamese
ones. What the officer would see on paper, the applicant's name with its
diacritics, is read back by Tesseract from the printed page as pdftoppm draws it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import unicodedata
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from printing.dispatch import CupsTransport, PrintJob, PrintLog, send_job
from printing.errors import PrinterUnavailable
from printing.pdf import render_form

CUPSD = "/usr/sbin/cupsd"
CUPS_PDF_BACKEND = Path("/usr/lib/cups/backend/cups-pdf")
CUPS_PDF_PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
DEADLINE = 60.0  # seconds; a loaded CI machine converts a page in a few


@dataclass
class CupsServer:
    root: Path
    socket: Path
    out: Path
    queue: str

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([args[0], "-h", str(self.socket), *args[1:]], capture_output=True,
                              text=True, timeout=30, check=False)
        if check and done.returncode != 0:
            raise AssertionError(f"{args[0]} failed ({done.returncode}): {done.stderr.strip()}")
        return done

    def uri(self, queue: str | None = None) -> str:
        return f"cups://{queue or self.queue}?server={self.socket}"

    def wait_pdf(self, job_id: str) -> Path:
        """The PDF cups-pdf wrote for `job_id`, once CUPS reports the job completed."""
        number = job_id.rsplit("-", 1)[-1]
        end = time.monotonic() + DEADLINE
        while time.monotonic() < end:
            done = self.run("lpstat", "-W", "completed", "-o", self.queue).stdout
            found = sorted(self.out.glob(f"*job_{number}.pdf"))
            if job_id in done.split() and found:
                return found[0]
            time.sleep(0.2)
        log = (self.root / "log" / "error_log").read_text(errors="replace")[-3000:]
        raise AssertionError(f"CUPS did not finish {job_id} within {DEADLINE} s:\n{log}")


def _why_not() -> str:
    if not Path(CUPSD).exists() or shutil.which("lpadmin") is None:
        return "CUPS is not installed (Debian packages cups, cups-client)"
    if not CUPS_PDF_BACKEND.exists() or not CUPS_PDF_PPD.exists():
        return "cups-pdf is not installed (Debian package printer-driver-cups-pdf)"
    if os.geteuid() != 0:
        return "cupsd runs the cups-pdf back end only as root; these tests need root (CI has it)"
    if not os.access("/etc/cups", os.W_OK):
        return "cups-pdf reads its configuration from /etc/cups, which is not writable here"
    return ""


def _accepts(sock: Path) -> bool:
    with socket.socket(socket.AF_UNIX) as s:
        try:
            s.connect(str(sock))
        except OSError:
            return False
    return True


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def cups() -> Iterator[CupsServer]:
    why = _why_not()
    if why:
        pytest.skip(why)
    # Not under pytest's tmp_path: its folders are private (0700) and the CUPS filters
    # run as the user lp, which must reach the spool.
    root = Path(tempfile.mkdtemp(prefix="desk-cups-", dir="/tmp"))
    root.chmod(0o755)
    for sub in ("etc/ppd", "spool/tmp", "cache", "state", "log", "out", "cups-pdf-spool"):
        (root / sub).mkdir(parents=True)
    sock = root / "cups.sock"
    _write(root / "etc/cupsd.conf", f"""\
Listen {sock}
LogLevel debug
Browsing No
WebInterface No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
    Allow all
  </Limit>
</Policy>
""")
    _write(root / "etc/cups-files.conf", f"""\
ServerRoot {root}/etc
RequestRoot {root}/spool
TempDir {root}/spool/tmp
CacheDir {root}/cache
StateDir {root}/state
ServerBin /usr/lib/cups
DataDir /usr/share/cups
AccessLog {root}/log/access_log
ErrorLog {root}/log/error_log
PageLog {root}/log/page_log
User lp
Group lp
SystemGroup root
""")
    instance = f"desk-test-{uuid.uuid4().hex[:8]}"
    conf = Path(f"/etc/cups/cups-pdf-{instance}.conf")
    _write(conf, f"""\
Out {root}/out
AnonDirName {root}/out
Spool {root}/cups-pdf-spool
Log {root}/log
Grp root
""")
    proc = subprocess.Popen([CUPSD, "-f", "-c", str(root / "etc/cupsd.conf"),
                             "-s", str(root / "etc/cups-files.conf")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    server = CupsServer(root, sock, root / "out", "desk-pdf")
    try:
        end = time.monotonic() + DEADLINE
        while not _accepts(sock):
            if proc.poll() is not None:
                err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
                pytest.skip(f"cupsd did not start here: {err.strip() or proc.returncode}")
            if time.monotonic() > end:
                pytest.fail("cupsd did not answer within the deadline")
            time.sleep(0.1)
        server.run("lpadmin", "-p", server.queue, "-E", "-v", f"cups-pdf:/{instance}",
                   "-P", str(CUPS_PDF_PPD))
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        conf.unlink(missing_ok=True)
        shutil.rmtree(root, ignore_errors=True)


def _words(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _ocr_page(pdf: Path, tmp: Path) -> str:
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract is not installed (Debian tesseract-ocr, tesseract-ocr-vie)")
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,
                           check=False).stdout.split()
    if "vie" not in langs:
        pytest.skip("Tesseract has no Vietnamese data (Debian tesseract-ocr-vie)")
    subprocess.run(["pdftoppm", "-r", "300", "-f", "1", "-l", "1", "-gray", "-singlefile",
                    "-png", str(pdf), str(tmp / "page")], check=True)
    return subprocess.run(["tesseract", str(tmp / "page.png"), "-", "-l", "vie", "--psm", "6"],
                          capture_output=True, text=True, check=True).stdout


def test_form_01_printed_through_cups_comes_out_with_code_and_applicant(
    cups, ctx, dossier, procedure, tmp_path
) -> None:
    pdf = render_form("receipt", ctx, dossier=dossier, procedure=procedure)
    log = PrintLog(tmp_path / "log")
    job = PrintJob(pdf, "pdf", cups.uri(), form="receipt", dossier_code=dossier.code,
                   title=f"Mẫu 01 {dossier.code}", officer=ctx.officer.username)
    result = send_job(job, log)
    assert not result.reprint and "desk-pdf" in result.detail
    [entry] = log.entries()
    assert entry["ok"] and entry["cups_job"].startswith("desk-pdf-")

    printed = cups.wait_pdf(entry["cups_job"])
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(printed), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert dossier.code in text
    assert "GI Y TI P NH N" in text or "GIẤY TIẾP NHẬN" in text  # form 01's title
    seen = _words(_ocr_page(printed, tmp_path))
    assert _words(dossier.applicant.name) in seen, seen[:600]

    # The same form again for the same dossier is a reprint, and CUPS prints it too.
    again = send_job(PrintJob(pdf, "pdf", cups.uri(), form="receipt",
                              dossier_code=dossier.code), log)
    assert again.reprint
    cups.wait_pdf(log.entries()[-1]["cups_job"])


def test_disabled_and_unknown_queues_say_what_to_do(cups, ctx, dossier, procedure,
                                                    tmp_path) -> None:
    pdf = render_form("receipt", ctx, dossier=dossier, procedure=procedure)
    log = PrintLog(tmp_path)
    missing = PrintJob(pdf, "pdf", cups.uri("khong-co"), form="receipt",
                       dossier_code=dossier.code)
    with pytest.raises(PrinterUnavailable, match="Kiểm tra tên máy in"):
        send_job(missing, log)

    cups.run("cupsdisable", cups.queue)
    try:
        job = PrintJob(pdf, "pdf", cups.uri(), form="receipt", dossier_code=dossier.code)
        with pytest.raises(PrinterUnavailable, match="đang tắt hoặc tạm dừng") as err:
            send_job(job, log)
        assert err.value.retryable and job.data == pdf
    finally:
        cups.run("cupsenable", cups.queue)
    assert [e["ok"] for e in log.entries()] == [False, False]
    assert not log.printed_before("receipt", dossier.code)


def test_cups_command_names_the_server(tmp_path) -> None:
    t = CupsTransport("desk-pdf", server="in.ubnd.local:631", copies=2, tray="Tray2",
                      title="Mẫu 01")
    assert t.command()[:3] == ["lp", "-h", "in.ubnd.local:631"]
    assert t.command()[5:7] == ["-n", "2"] and "InputSlot=Tray2" in t.command()
    assert "máy chủ in in.ubnd.local:631" in t.describe()
