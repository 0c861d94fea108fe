"""The reader's screens and dialogs: reader, library, help, note editor, export, confirmations."""
