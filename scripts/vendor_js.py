#!/usr/bin/env python3
"""Vendor the small browser libraries at pinned versions into static/vendor/ (no CDN).

pell (rich-text editor, MIT) and SortableJS (drag and drop, MIT). Run with npm available;
commit the result.
"""

from __future__ import annotations

import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = {
    "pell": ("1.0.6", ["dist/pell.min.js", "dist/pell.min.css", "LICENSE.md"]),
    "sortablejs": ("1.15.7", ["Sortable.min.js", "LICENSE"]),
}


def main() -> None:
    for name, (version, files) in PACKAGES.items():
        target = ROOT / "static" / "vendor" / name
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(
                ["npm", "pack", f"{name}@{version}", "--silent"],
                cwd=tmp,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            with tarfile.open(Path(tmp) / f"{name}-{version}.tgz") as archive:
                archive.extractall(tmp, filter="data")
            if target.exists():
                shutil.rmtree(target)
            target.mkdir(parents=True)
            for relative in files:
                source = Path(tmp) / "package" / relative
                text = source.read_bytes().replace(b"//# sourceMappingURL=", b"// ")
                (target / source.name).write_bytes(text)
            (target / "VERSION").write_text(version + "\n")
        print(f"{name} {version} vendored into {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
