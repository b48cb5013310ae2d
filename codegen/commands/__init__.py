"""One module per command; each exposes a function returning the exit code."""
