"""Notes, highlights and the library, kept safely in TinyDB; analysis cache files. No Textual."""
