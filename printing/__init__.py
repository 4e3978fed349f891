"""Receipts, slips and forms: ESC/POS thermal printers, A4/A5 PDF, dispatch.

Public API (import the submodules; nothing heavy is loaded by importing this package):

- `printing.pdf.render_form(form_id, ctx, dossier=…, procedure=…, …) -> bytes` (PDF)
- `printing.thermal.render_receipt_escpos(ctx, dossier, procedure, printer=…) -> bytes`
- `printing.dispatch.send_job(PrintJob(...), PrintLog(folder)) -> PrintResult`
- `printing.templates.load_template_set(name_or_folder)`; `printing.models.FormContext`,
  `PostalBatch`, `PostalItem`, `RegisterEntry`, `OutgoingRegister`
- errors: `printing.errors.PrintError` (Vietnamese `message`, `retryable`)
"""
