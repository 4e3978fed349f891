"""The embedded viewer for a component's file (QtPdf for PDFs, a picture for images),
with the file's signature status (Art. 11.1: a signed dossier equals signed paper)."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QLabel, QScrollArea, QStackedWidget, QVBoxLayout, QWidget

from desk_app.domain import FileRef
from ui import devices
from ui.threads import run_task
from ui.widgets import plain_label


class ComponentViewer(QWidget):
    def __init__(self, host) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self.host = host
        self._token = 0
        self.signature = plain_label()
        self.signature.setObjectName("signature_status")
        self.message = plain_label("")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pdf = QPdfDocument(self)
        self.pdf_view = QPdfView()
        self.pdf_view.setDocument(self.pdf)
        self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        image_area = QScrollArea()
        image_area.setWidgetResizable(True)
        image_area.setWidget(self.image)
        self.stack = QStackedWidget()
        for w in (self.message, self.pdf_view, image_area):
            self.stack.addWidget(w)
        self._buffer: QBuffer | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.signature)
        layout.addWidget(self.stack, 1)

    def show_file(self, ref: FileRef | None) -> None:
        self._token += 1
        token = self._token
        self.signature.setText("")
        if ref is None:
            self._say("Thành phần này chưa có tệp")
            return
        blobs, link = self.host.session.blobs, self.host.session.link
        self._say("Đang mở tệp…" if blobs.has(ref.sha256) else "Đang tải tệp từ Cổng…")

        def load() -> tuple[bytes, str]:
            if blobs.has(ref.sha256):
                data = blobs.get(ref.sha256)
            else:  # fetched when first opened, then kept (content-addressed)
                data = link.fetch_blob(ref.sha256)
                blobs.put(data)
            status = devices.signature_status(data) if ref.media_type == "application/pdf" \
                else ""
            return data, status

        run_task(load, lambda r: self._loaded(token, ref, *r),
                 lambda exc: self._failed(token, exc))

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)

    def _failed(self, token: int, exc: BaseException) -> None:
        if token == self._token:  # an earlier file's failure must not cover this one
            self._say(devices.message_of(exc))

    def _loaded(self, token: int, ref: FileRef, data: bytes, status: str) -> None:
        if token != self._token:
            return
        self.signature.setText(status)
        if ref.media_type == "application/pdf" or data[:5] == b"%PDF-":
            self.pdf.close()
            if self._buffer is not None:  # the document no longer reads from it
                self._buffer.deleteLater()
            self._buffer = QBuffer(self)
            self._buffer.setData(QByteArray(data))
            self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            self.pdf.load(self._buffer)
            if self.pdf.status() == QPdfDocument.Status.Error:
                self._say(f"Không mở được tệp PDF {ref.filename}")
                return
            self.stack.setCurrentWidget(self.pdf_view)
            self.pdf_view.pageNavigator().jump(0, QPointF(0, 0))
            self.pdf_view.verticalScrollBar().setValue(0)
            return
        image = QImage.fromData(data)
        if image.isNull():
            self._say(f"Không xem được tệp {ref.filename} trong phần mềm")
            return
        self.image.setPixmap(QPixmap.fromImage(image).scaledToWidth(
            max(200, self.stack.width() - 30), Qt.TransformationMode.SmoothTransformation))
        self.stack.setCurrentWidget(self.stack.widget(2))
