"""The Textual reader: a thin layer over analysis/, storage/ and export/."""
