"""Writers of the composed document: DOCX (python-docx) and style profiles. No Qt."""
