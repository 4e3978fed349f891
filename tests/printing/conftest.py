"""Realistic data for the printing tests: long Vietnamese names and addresses."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest

from desk_app.domain import (
    ApologyLetter,
    Applicant,
    ApplicantKind,
    Channel,
    ComponentSpec,
    Dossier,
    DossierComponent,
    FileRef,
    LogRow,
    Officer,
    OutgoingRegisterRow,
    Procedure,
    ProcessShape,
    ResultDelivery,
    Role,
    Status,
    SupplementRequest,
    TimeLimit,
    Timeliness,
    TimeUnit,
    Unit,
)
from desk_app.textfmt import VN_TZ
from printing.models import FormContext, OutgoingRegister, PostalBatch, PostalItem, RegisterEntry

CODE = "000.00.22.H57-261129-0001"
LONG_NAME = (
    "Công ty Trách nhiệm hữu hạn Một thành viên Thương mại và Dịch vụ Xây dựng Hưng Thịnh Phát"
)
LONG_ADDRESS = (
    "Thôn Nguyệt Biều, tổ dân phố số 7, đường Nguyễn Thị Minh Khai nối dài, "
    "phường Thủy Xuân, thành phố Huế, tỉnh Thừa Thiên Huế"
)


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=VN_TZ)


@pytest.fixture
def unit() -> Unit:
    return Unit(
        agency_id="000.00.22.H57",
        name="UBND huyện Phú Vang",
        shape=ProcessShape.DISTRICT,
        parent_name="UBND tỉnh Thừa Thiên Huế",
        address="Số 02 Nguyễn Sinh Cung, thị trấn Phú Đa, huyện Phú Vang",
        phone="0234 3861 234",
        register_symbol="GP-UBND",
    )


@pytest.fixture
def officer() -> Officer:
    return Officer(
        username="hoa.nt",
        full_name="Nguyễn Thị Thanh Hoà",
        unit_id="000.00.22.H57",
        roles=frozenset({Role.DESK}),
        title="Cán bộ một cửa",
    )


@pytest.fixture
def ctx(unit: Unit, officer: Officer) -> FormContext:
    return FormContext(
        unit=unit,
        officer=officer,
        place="Phú Vang",
        now=at(29, 16, 10),
        register_book="03/2026",
        register_line="1.254",
        help_line="0234 3861 234",
        leader_name="Trần Văn Quý",
    )


@pytest.fixture
def procedure() -> Procedure:
    return Procedure(
        code="1.001776",
        agency_id="000.00.22.H57",
        name="Cấp giấy phép xây dựng đối với công trình, nhà ở riêng lẻ tại đô thị, "
        "trung tâm cụm xã, khu bảo tồn, khu di tích lịch sử - văn hoá",
        components=(
            ComponentSpec("DON", "Đơn đề nghị cấp giấy phép xây dựng (Mẫu số 01)", originals=1),
            ComponentSpec("QSDD", "Bản sao giấy chứng nhận quyền sử dụng đất", certified_copies=1,
                          photocopies=0),
            ComponentSpec("BV", "Hai bộ bản vẽ thiết kế xây dựng kèm theo thuyết minh", originals=2,
                          photocopies=0),
        ),
        time_limit=TimeLimit(15, TimeUnit.WORKING_DAYS),
        handling_agency="Phòng Kinh tế và Hạ tầng huyện Phú Vang",
        fee_amount=75000,
    )


def _file(name: str) -> FileRef:
    return FileRef(sha256="ab" * 32, filename=name, pages=2)


@pytest.fixture
def dossier() -> Dossier:
    return Dossier(
        code=CODE,
        procedure_code="1.001776",
        agency_id="000.00.22.H57",
        applicant=Applicant(
            kind=ApplicantKind.BUSINESS,
            name=LONG_NAME,
            id_number="3301234567",
            address=LONG_ADDRESS,
            phone="0905 123 456",
            email="hung.thinh.phat@example.vn",
        ),
        channel=Channel.IN_PERSON,
        components=(
            DossierComponent("DON", "Đơn đề nghị cấp giấy phép xây dựng (Mẫu số 01)",
                             files=(_file("don.pdf"),)),
            DossierComponent("QSDD", "Bản sao giấy chứng nhận quyền sử dụng đất, quyền sở hữu "
                             "nhà ở và tài sản khác gắn liền với đất", files=(_file("gcn.pdf"),)),
            DossierComponent("BV", "Hai bộ bản vẽ thiết kế xây dựng kèm theo thuyết minh",
                             files=(_file("bv.pdf"),), copies=2),
        ),
        result_delivery=ResultDelivery.POST,
        postal_address="Kiệt 45 đường Ưng Bình, phường Vĩnh Ninh, thành phố Huế",
        status=Status.RECEIVED,
        subject="Xin cấp giấy phép xây dựng nhà xưởng sản xuất đồ gỗ mỹ nghệ và nhà điều hành",
        received_at=at(29, 16, 10),
        due_at=at(21, 16, 10, month=12),
        received_by="hoa.nt",
        supplements=(
            SupplementRequest(
                number="15/HDHS",
                requested_at=at(29, 15, 30),
                requested_by="Nguyễn Thị Thanh Hoà",
                missing=("QSDD", "BV"),
                reason="Bản vẽ chưa có chữ ký của đơn vị thiết kế; giấy chứng nhận chưa chứng thực",
            ),
        ),
        apologies=(
            ApologyLetter(
                number="03/PXL",
                issued_at=at(21, 9, 0, month=12),
                reason="Hồ sơ phải lấy ý kiến Sở Xây dựng về chỉ giới đường đỏ",
                new_due_at=at(28, 16, 0, month=12),
                issued_by="Trần Văn Quý",
            ),
        ),
        refusal_reason="Công trình nằm trong hành lang bảo vệ di tích Lăng Tự Đức, không thuộc "
        "thẩm quyền cấp phép của UBND huyện",
        register_number="125/GP-UBND",
    )


@pytest.fixture
def log_rows() -> list[LogRow]:
    return [
        LogRow(CODE, 1, "Tiếp nhận và chuyển hồ sơ", "Bộ phận tiếp nhận và trả kết quả",
               "Nguyễn Thị Thanh Hoà", "Lê Văn Đức", at(29, 16, 30), at(30, 8, 0),
               Timeliness.EARLY, Status.IN_PROCESS),
        LogRow(CODE, 2, "Thẩm định, trình lãnh đạo", "Phòng Kinh tế và Hạ tầng",
               "Lê Văn Đức", "Trần Văn Quý", at(10, 10, 15, month=12), at(12, 17, 0, month=12),
               Timeliness.ON_TIME, Status.IN_PROCESS, note="Đã lấy ý kiến Sở Xây dựng"),
        LogRow(CODE, 3, "Ký duyệt, chuyển văn thư", "Lãnh đạo UBND huyện", "Trần Văn Quý",
               "Phạm Thị Ngọc Ánh", at(24, 14, 5, month=12), at(21, 16, 10, month=12),
               Timeliness.LATE, Status.IN_PROCESS),
    ]


@pytest.fixture
def batch() -> PostalBatch:
    return PostalBatch(
        number="12/PGBC",
        pickup_at=at(29, 16, 40),
        postal_unit="Bưu điện huyện Phú Vang",
        courier="Hồ Đắc Thiện",
        items=(
            PostalItem(CODE, LONG_NAME, LONG_ADDRESS, "0905 123 456", 2, 32000, "125/GP-UBND"),
            PostalItem("000.00.22.H57-261128-0017", "Tôn Nữ Thị Hương Giang",
                       "Số 9 Lê Lợi, phường Phú Hội, thành phố Huế", "0914 222 333", 1, 18000,
                       "124/GP-UBND"),
        ),
    )


@pytest.fixture
def entries(dossier: Dossier, procedure: Procedure) -> list[RegisterEntry]:
    return [
        RegisterEntry(dossier, procedure, collected_how="Bưu chính"),
        RegisterEntry(dossier, procedure, handling_agency="Phòng Tài nguyên và Môi trường",
                      collected_how="Trực tiếp"),
    ]


@pytest.fixture
def outgoing() -> OutgoingRegister:
    rows = (
        OutgoingRegisterRow("000.00.22.H57", 2026, 125, "GP-UBND", at(28, 10, 0, month=12),
                            "Giấy phép xây dựng nhà xưởng cho " + LONG_NAME, "Trần Văn Quý",
                            LONG_NAME + "; Phòng Kinh tế và Hạ tầng", "Văn thư UBND huyện", 2,
                            CODE),
        OutgoingRegisterRow("000.00.22.H57", 2026, 7, "QĐ-UBND", at(2, 9, 0, month=12),
                            "Quyết định phê duyệt đồ án quy hoạch chi tiết", "Trần Văn Quý",
                            "Sở Xây dựng", note="Lưu hồ sơ"),
    )
    return OutgoingRegister("Năm 2026", rows, {125: at(28, 15, 0, month=12)})


# --- a network receipt printer on 127.0.0.1 ------------------------------------------


@dataclass
class FakePrinter:
    """A TCP listener that records bytes like a port-9100 receipt printer.

    It answers DLE EOT status queries as an Epson printer does; `paper_out` makes it
    report an empty roll; `close_after` makes it drop the connection after that many
    bytes, as a printer switched off mid-job does.
    """

    host: str = "127.0.0.1"
    port: int = 0
    paper_out: bool = False
    close_after: int | None = None
    answers_status: bool = True  # some cheap printers ignore DLE EOT
    received: bytearray = field(default_factory=bytearray)
    jobs: list[bytes] = field(default_factory=list)
    _sock: socket.socket | None = None
    _thread: threading.Thread | None = None
    _stop: threading.Event = field(default_factory=threading.Event)
    _done: threading.Condition = field(default_factory=threading.Condition)

    @property
    def uri(self) -> str:
        return f"tcp://{self.host}:{self.port}"

    def start(self) -> FakePrinter:
        self._sock = socket.create_server((self.host, 0))
        self._sock.settimeout(0.2)
        self.port = self._sock.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)
        if self._sock:
            self._sock.close()

    def wait_jobs(self, n: int, timeout: float = 5.0) -> list[bytes]:
        with self._done:
            self._done.wait_for(lambda: len(self.jobs) >= n, timeout=timeout)
        return list(self.jobs)

    def _serve(self) -> None:
        assert self._sock is not None
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            with conn:
                self._handle(conn)

    def _handle(self, conn: socket.socket) -> None:
        conn.settimeout(0.2)
        job = bytearray()
        while not self._stop.is_set():
            try:
                chunk = conn.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                break
            if not chunk:
                break
            if self.close_after is not None and len(job) + len(chunk) >= self.close_after:
                job += chunk[: self.close_after - len(job)]
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00"
                                b"\x00\x00\x00\x00")
                break  # closes with RST, like a printer losing power
            job += chunk
            # Real-time status (DLE EOT n) is answered at once, even mid-job.
            while self.answers_status and b"\x10\x04" in chunk:
                i = chunk.index(b"\x10\x04")
                n = chunk[i + 2] if i + 2 < len(chunk) else 1
                chunk = chunk[i + 3:]
                if n == 4:
                    conn.sendall(b"\x7e" if self.paper_out else b"\x12")
                else:
                    conn.sendall(b"\x16")  # online, cover closed
        self.received += job
        with self._done:
            self.jobs.append(bytes(job))
            self._done.notify_all()


@pytest.fixture
def fake_printer() -> Iterator[FakePrinter]:
    printer = FakePrinter().start()
    yield printer
    printer.stop()


@pytest.fixture
def make_printer() -> Iterator[Callable[..., FakePrinter]]:
    started: list[FakePrinter] = []

    def make(**kw: object) -> FakePrinter:
        p = FakePrinter(**kw).start()  # type: ignore[arg-type]
        started.append(p)
        return p

    yield make
    for p in started:
        p.stop()


@pytest.fixture
def refused_uri() -> str:
    """An address on 127.0.0.1 where nothing listens: the connection is refused."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return f"tcp://127.0.0.1:{port}"


@pytest.fixture
def later() -> Callable[[int], datetime]:
    return lambda days: at(29, 16, 10) + timedelta(days=days)


# --- reading PDFs back with poppler-utils ----------------------------------------------


@dataclass
class PdfReadback:
    text: str  # pdftotext output, whitespace collapsed
    pages: int
    words: list[tuple[str, float, float, float, float, int]]  # word, x0, y0, x1, y1, page
    sizes: list[tuple[float, float]]  # page width, height (points)

    def has(self, value: str) -> bool:
        return " ".join(value.split()) in self.text


@pytest.fixture
def read_pdf(tmp_path_factory: pytest.TempPathFactory) -> Callable[[bytes], PdfReadback]:
    import html
    import re
    import subprocess

    folder = tmp_path_factory.mktemp("pdf")

    def read(pdf: bytes) -> PdfReadback:
        path = folder / "form.pdf"
        path.write_bytes(pdf)
        # -raw keeps the content-stream order: a table cell's lines stay together.
        text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
                              capture_output=True, check=True).stdout.decode("utf-8")
        bbox = subprocess.run(["pdftotext", "-bbox", "-enc", "UTF-8", str(path), "-"],
                              capture_output=True, check=True).stdout.decode("utf-8")
        sizes, words = [], []
        for m in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', bbox,
                             re.S):
            sizes.append((float(m.group(1)), float(m.group(2))))
            for w in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                                 r'yMax="([\d.]+)">(.*?)</word>', m.group(3)):
                words.append((html.unescape(w.group(5)), float(w.group(1)), float(w.group(2)),
                              float(w.group(3)), float(w.group(4)), len(sizes)))
        return PdfReadback(" ".join(text.split()), len(sizes), words, sizes)

    return read
