"""The staging folder of a serve session: the files of the last build, each hard-linked into a folder of
its own beside site_dir, so that a rebuild links a file it would write with the same bytes instead of
writing it (a link costs no write, and no second copy on disk)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from mkdocs.structure.files import File


class Staging:
    """Files of the last build by their path in the site, each hard-linked into a folder of its own
    beside site_dir (a link costs no write; a copy where links cannot be made)."""

    def __init__(self, near: Path) -> None:
        near.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix="mkdocs-clusters-serve-", dir=near))
        #: site path -> (the content it was made from, the staged file)
        self._files: dict[str, tuple[str | bytes, Path]] = {}
        self._used: set[str] = set()
        #: the folders of site_dir made in this build (a call to make an existing one costs as much)
        self._made: set[Path] = set()
        self._count = 0
        #: the folder of site_dir that holds the last build's files as it left them (`Reuse.put_back`)
        self.in_place = ""

    def begin(self) -> None:
        """A build begins (MkDocs empties site_dir): no folder of it is made yet."""
        self._made = set()
        self.in_place = ""

    def holds(self, uri: str, content: str | bytes) -> bool:
        """Whether the file at `uri` was made from `content` (bytes of a static file, a page's Markdown)."""
        entry = self._files.get(uri)
        return entry is not None and entry[0] == content and entry[1].exists()

    def place(self, uri: str, content: bytes, dest: Path) -> None:
        """Put a static file at `dest`: linked when staged with these bytes, else written and staged."""
        if self.link(uri, content, dest):
            return
        self._folder_of(dest)
        dest.unlink(missing_ok=True)  # a write must never go through a link into a staged file
        dest.write_bytes(content)
        self.keep(uri, content, dest)

    def link(self, uri: str, content: str | bytes, dest: Path) -> bool:
        """Put the staged file of `uri` at `dest` if it was made from `content` (nothing to do where the
        folder moved back holds it); False if it was not."""
        if not self.holds(uri, content):
            return False
        if self.moved_back(uri):
            self._used.add(uri)
            return True
        staged = self._files[uri][1]
        self._folder_of(dest)
        dest.unlink(missing_ok=True)
        if not _link_or_copy(staged, dest):
            return False
        self._used.add(uri)
        return True

    def moved_back(self, uri: str) -> bool:
        """Whether the file of `uri` is in the folder moved back into site_dir."""
        return bool(self.in_place) and uri.startswith(self.in_place + "/")

    def keep(self, uri: str, content: str | bytes, written: Path) -> None:
        """Stage the file just written at `written` for `uri`, made from `content`."""
        self._count += 1
        staged = self.folder / str(self._count)
        if not _link_or_copy(written, staged):
            return  # not staged: the next build writes it again
        self._drop(uri)
        self._files[uri] = (content, staged)
        self._used.add(uri)

    def sweep(self) -> None:
        """Let go of what the build that just ended did not use: files gone from the site."""
        for uri in set(self._files) - self._used:
            self._drop(uri)
        self._used, self._made = set(), set()

    def _folder_of(self, dest: Path) -> None:
        """Make the folder of `dest`, once a build (a call to make an existing folder costs as much)."""
        if dest.parent not in self._made:
            dest.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(dest.parent)

    def close(self) -> None:
        """Let go of every staged file and of the folder (serve ends, or reuse is off)."""
        self._files.clear()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _drop(self, uri: str) -> None:
        """Forget the file of `uri` and remove its staged copy."""
        entry = self._files.pop(uri, None)
        if entry is not None:
            entry[1].unlink(missing_ok=True)


class StagedFile(File):
    """A generated static file that a serve rebuild links from the staging folder when its bytes are the
    same as last time (MkDocs copies static files in `copy_file`)."""

    staging: Staging | None = None

    def copy_file(self, dirty: bool = False) -> None:
        if self.staging is None:
            super().copy_file(dirty)
            return
        self.staging.place(self.dest_uri, self.content_bytes, Path(self.abs_dest_path))


def _link_or_copy(source: Path, target: Path) -> bool:
    """Put `source` at `target` as a hard link, a copy where links cannot be made (another file system, or
    one without links); False when neither could be made."""
    try:
        os.link(source, target)
    except OSError:
        try:
            shutil.copyfile(source, target)
        except OSError:
            return False
    return True
