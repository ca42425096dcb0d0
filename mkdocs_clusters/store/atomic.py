"""Writing a file so that readers see all of it or none: the disk cache and `generate` both write so."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def atomic_write(path: Path, data: bytes | bytearray | memoryview | Iterable[bytes]) -> None:
    """Write `data` (bytes, or chunks of them) to a temporary file beside `path`, then rename it over
    `path`: an interrupted write leaves only a `.<name>.*.tmp` file, never half a file under the real
    name. The file gets the usual permissions (0666 less the umask), not the temporary file's private
    0600, since a web server may have to read it."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in [data] if isinstance(data, (bytes, bytearray, memoryview)) else data:
                handle.write(chunk)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
