"""Stage 4, rendering: page texts (`pages`, with `html` for user text and `layout` for paths and links),
the comparison pictures (`pictures`, and `plot` for the interactive one), each cluster as a playlist
(`playlists`), the packaged assets, and the whole site with its navigation outline (`site`)."""
