"""One module per ``margin`` command, each with ``run(args) -> int``; imported lazily."""
