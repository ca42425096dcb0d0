"""Stage 1, reading: export files (a zip, a folder, one file) into a `model.Library` and a load report.

`sources` finds the files, `tables` splits each into rows of cells, `columns` maps headers to fields and
names the dialect, `rows` and `cells` parse a row into a track (`spotify.py`, beside the stages, judges
its URLs), `labels` splits label strings, `library` assembles everything and says what was lost and why.
"""
