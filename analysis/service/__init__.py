"""The analysis service the reader talks to, with no Textual: the runner that picks a thread or
the child process, the child process itself, the compact arrays the reader keeps an analysis in,
and the sorted span layers the view paints from."""
