"""The thin PySide6 layer: widgets call core and storage."""
