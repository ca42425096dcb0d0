"""mkdocs-clusters: a site of clusters of similar-sounding music from an exported Spotify library.

The core (reading, catalog, clustering, pages, pictures, site) works without MkDocs; `plugin` is the
MkDocs adapter.
"""

__version__ = "0.1.0"
