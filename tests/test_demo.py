"""The committed demo library is exactly what its generator writes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers import ROOT


def test_generator_reproduces_the_committed_library(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(ROOT / "demo" / "make_library.py"), str(tmp_path)], check=True)
    committed = sorted(p.name for p in (ROOT / "demo" / "library").glob("*.csv"))
    assert sorted(p.name for p in tmp_path.glob("*.csv")) == committed
    for name in committed:
        assert (tmp_path / name).read_bytes() == (ROOT / "demo" / "library" / name).read_bytes(), name
