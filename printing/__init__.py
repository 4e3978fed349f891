"""Receipts, slips and forms: ESC/POS thermal printers, A4/A5 PDF, dispatch."""
