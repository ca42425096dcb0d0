"""The plugin's own folder of site_dir (`root:`) across serve rebuilds. MkDocs empties site_dir before a
build; the folder is moved aside before it does (`hold`) and back once the pages are read (`put_back`),
so that its unchanged files and folders stay where they are: that spares the making of a thousand
folders and the linking of thousands of files, the most of what a rebuild then costs on a slow disk.
Once the site is written, what the folder held that this build did not make goes (`tidy`)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Collection, Iterable
from pathlib import Path


class PluginFolder:
    """The plugin's folder of site_dir (`root`, "" when it may not be moved: see `own_folder`), whether
    the last build ended well (the folder then holds exactly what it left), and where it is aside."""

    def __init__(self) -> None:
        self.root = ""
        self.whole = False
        self.held: Path | None = None

    def hold(self, site_dir: Path, aside: Path) -> None:
        """Before MkDocs empties `site_dir`: move the folder to `aside`, when the last build left it whole."""
        if not self.root or not self.whole:
            return
        shutil.rmtree(aside, ignore_errors=True)
        try:
            (site_dir / self.root).rename(aside)
        except OSError:
            return
        self.held = aside

    def put_back(self, site_dir: Path, to_write: Iterable[Path]) -> bool:
        """Once pages are read, before MkDocs writes: the folder back in `site_dir`, without the files
        MkDocs writes anew (`to_write`, read once the folder is back: a write must never go through a
        staged link). False when it was not aside or could not go back (MkDocs then writes it all)."""
        held, self.held = self.held, None
        if held is None:
            return False
        try:
            held.rename(site_dir / self.root)
        except OSError:
            shutil.rmtree(held, ignore_errors=True)
            return False
        for path in to_write:
            path.unlink(missing_ok=True)
        return True

    def tidy(self, site_dir: Path, made: Collection[Path]) -> None:
        """After the site is written: remove what the folder moved back holds that this build did not
        make (`made`: a collection gone, a cluster less), files and emptied folders, as a full build
        never had them."""
        for parent, folders, names in os.walk(site_dir / self.root, topdown=False):
            here = Path(parent)
            for name in names:
                if here / name not in made:
                    (here / name).unlink(missing_ok=True)
            for name in folders:
                if not any((here / name).iterdir()):
                    (here / name).rmdir()

    def abandon(self) -> None:
        """The build failed: the folder aside goes, and the one in site_dir is not moved aside again until
        a build ends well."""
        self.whole = False
        if self.held is not None:
            shutil.rmtree(self.held, ignore_errors=True)
            self.held = None

    def forget(self) -> None:
        """Reuse is off: nothing is aside (the staging folder that held it is gone) or moved again."""
        self.held, self.whole = None, False


def own_folder(root: str, others: list[str]) -> str:
    """The plugin's folder of the site (`root`) when it is its alone: not the site's root, and neither
    inside nor around another instance's (`others`; "" otherwise)."""
    root, others = root.strip("/"), [o.strip("/") for o in others]
    if not root or any(o == root or not o or o.startswith(root + "/") or root.startswith(o + "/") for o in others):
        return ""
    return root
