"""A Python-Markdown extension that hands the generated pages' HTML blocks to the page untouched.

The pages put every table and list of user data in raw HTML (escaped when written), between marker
comments. Python-Markdown would otherwise run each such block through an HTML parser twice per page (its
own raw-HTML preprocessor, and MkDocs' search for anchor ids), which for a big library costs more
than everything else in a build together. This preprocessor runs before both and stores each marked block
in Markdown's HTML stash as it is, so that neither parser sees it; the page gets the block back verbatim.
Markdown around the blocks (headings, the picture, links MkDocs validates) is processed as usual.
"""

from __future__ import annotations

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from mkdocs_clusters.render.html import RAW_END, RAW_START

#: after Python-Markdown's whitespace normalisation (30), before fenced code (25, whose pattern would
#: otherwise scan every table), MkDocs' anchor search (21) and the raw-HTML block preprocessor (20)
PRIORITY = 29


class _StashMarkedBlocks(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        if RAW_START not in lines:
            return lines
        out: list[str] = []
        block: list[str] | None = None
        for line in lines:
            if block is None:
                if line == RAW_START:
                    block = []
                else:
                    out.append(line)
            elif line == RAW_END:
                out += ["", self.md.htmlStash.store("\n".join(block)), ""]
                block = None
            else:
                block.append(line)
        if block is not None:  # no end marker: leave the text to Markdown as it was
            out += [RAW_START, *block]
        return out


class RawBlocksExtension(Extension):
    """Registers the preprocessor; add it to MkDocs' `markdown_extensions` (the plugin does)."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(_StashMarkedBlocks(md), "mkdocs_clusters_raw", PRIORITY)
