"""mkdocs-clusters: a site of clusters of similar-sounding music from an exported Spotify library.

The package is organised by stage, in the order the data flows:

- `read/`: export files (a zip, a folder, one CSV, JSON or Parquet file) into tracks and a load report;
- `collect/`: the library's playlists, genres, record labels and artists as collections with unique slugs;
- `cluster/`: each collection's features, clusters, choice of k, words and 2-D projection;
- `render/`: page texts, comparison pictures, playlist downloads, assets and the navigation outline;
- `store/`: cache keys, the per-collection and whole-site caches, files written into a folder.

Around them: `model` (tracks, the library, the load report), `parallel` (clustering in worker
processes), and `build`, the one build core from a library to a site. Two adapters use that core:
the MkDocs plugin (`plugin`, with `navigation` and `config`) and the command line (`cli`). Nothing but
the adapters imports MkDocs.
"""

__version__ = "0.1.0"
