"""Stage 5, storing: what results are keyed by (`keys`), each collection's results on disk (`cache`),
whole sites (`sitecache`), generated files written into a folder (`folder`), all through atomic writes
(`atomic`)."""
