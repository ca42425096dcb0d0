"""Stage 3, clustering one collection: its features (`features`), the fits and the choice of k (`fit`),
the numbered clusters and the 2-D projection (`clustering`), words for each cluster (`words`); the
settings and results are plain values (`model`)."""
