"""Import last year's report (DOCX, PDF, text) into a draft; see importer.py."""
