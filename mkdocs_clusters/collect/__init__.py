"""Stage 2, collections: the library's playlists, genres, record labels and artists, each with a unique
slug (`catalog`, `slugs`)."""
