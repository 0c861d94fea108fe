"""The reader's state that needs no Textual: find matches, entity stepping, the notes session."""
