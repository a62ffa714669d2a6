#!/usr/bin/env python3
"""Vendor Det Fælles Designsystem (npm ``dkfds``) into static/vendor/dkfds at a pinned version.

Takes the minified CSS and JS, the woff2 fonts and the icons only. The CSS also names
eot/woff/ttf fonts that no browser this portal supports needs; those ``url()`` entries are
dropped so that the hashed static-files storage finds every file the CSS refers to.
Run: ``python scripts/vendor_dkfds.py`` (needs npm); commit the result.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

VERSION = "11.2.0"
ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "static" / "vendor" / "dkfds"


def _woff2_only(css: str) -> str:
    def fix(match: re.Match[str]) -> str:
        sources = [s for s in match.group(1).split(",url(") if "woff2" in s]
        sources = [s if s.startswith("url(") else "url(" + s for s in sources]
        return "src:" + ",".join(sources)

    css = re.sub(r"src:(url\([^;}]*)", fix, css)
    return re.sub(r"/\*# sourceMappingURL=.*?\*/", "", css)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["npm", "pack", f"dkfds@{VERSION}", "--silent"],
            cwd=tmp,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        with tarfile.open(Path(tmp) / f"dkfds-{VERSION}.tgz") as archive:
            archive.extractall(tmp, filter="data")
        dist = Path(tmp) / "package" / "dist"
        if TARGET.exists():
            shutil.rmtree(TARGET)
        (TARGET / "css").mkdir(parents=True)
        (TARGET / "js").mkdir()
        css = (dist / "css" / "dkfds.min.css").read_text(encoding="utf-8")
        (TARGET / "css" / "dkfds.min.css").write_text(_woff2_only(css), encoding="utf-8")
        js = (dist / "js" / "dkfds.min.js").read_text(encoding="utf-8")
        js = re.sub(r"//# sourceMappingURL=\S+", "", js)
        (TARGET / "js" / "dkfds.min.js").write_text(js, encoding="utf-8")
        shutil.copytree(
            dist / "fonts" / "IBMPlexSans" / "complete" / "woff2",
            TARGET / "fonts" / "IBMPlexSans" / "complete" / "woff2",
        )
        # The OFL licence travels with the fonts.
        shutil.copy(
            dist / "fonts" / "IBMPlexSans" / "split" / "woff" / "license.txt",
            TARGET / "fonts" / "IBMPlexSans" / "LICENSE-OFL.txt",
        )
        shutil.copytree(dist / "img", TARGET / "img")
        shutil.copy(dist / "LICENSE.md", TARGET / "LICENSE.md")
        (TARGET / "VERSION").write_text(VERSION + "\n", encoding="utf-8")
    print(f"dkfds {VERSION} vendored into {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
