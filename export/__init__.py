"""Export notes, highlights, claims and entities: Markdown, JSON, HTML, W3C. No Textual."""
