"""The committed demo library is exactly what its generator writes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers import ROOT


def test_generator_reproduces_the_committed_library(tmp_path: Path) -> None:
    """The library and its variant without audio features (`library-basic`, written beside it)."""
    subprocess.run([sys.executable, str(ROOT / "demo" / "make_library.py"), str(tmp_path / "library")], check=True)
    for folder in ("library", "library-basic"):
        committed = sorted(p.name for p in (ROOT / "demo" / folder).glob("*.csv"))
        assert len(committed) >= 12
        assert sorted(p.name for p in (tmp_path / folder).glob("*.csv")) == committed
        for name in committed:
            assert (tmp_path / folder / name).read_bytes() == (ROOT / "demo" / folder / name).read_bytes(), name
