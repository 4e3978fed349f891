"""Scanner back ends, page clean-up and PDF assembly for digitising paper dossiers.

What other packages call (import from the submodules; nothing heavy loads here):

* `scanning.session.ScanSession` — the UI's service: scan / import into a
  crash-safe spool, edit pages, split by cover sheets or page count,
  `build_pdf(...) -> BuiltPdf` (path, sha256, size, OCR text).
* `scanning.backends.available_backends()` / `backend_by_name("sane")` — devices.
* `scanning.cover.cover_sheets_pdf(...)` — the intake cover sheets to print.
* `scanning.pdfbuild.DocumentMetadata` — title, author, dossier and component.
* `scanning.errors.ScanError` and subclasses — Vietnamese messages.
"""
