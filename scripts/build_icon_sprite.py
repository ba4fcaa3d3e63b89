"""Build static/vendor/bootstrap-icons/icons.svg: a sprite of the icons the templates use.

Usage: cd /tmp && npm pack bootstrap-icons@1.13.1 && tar xzf bootstrap-icons-1.13.1.tgz
       python scripts/build_icon_sprite.py /tmp/package

Only the listed icons are committed (a few KB instead of the whole set); ``{% icon %}``
refuses a name that is not in the sprite, so add it to ICONS and rebuild first.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]
TARGET = BASE_DIR / "static" / "vendor" / "bootstrap-icons"
ICON_LIST = BASE_DIR / "core" / "icons.txt"


def main(package: Path) -> None:
    names = [line.strip() for line in ICON_LIST.read_text().splitlines() if line.strip()]
    symbols = []
    for name in names:
        svg = (package / "icons" / f"{name}.svg").read_text()
        view_box = re.search(r'viewBox="([^"]+)"', svg).group(1)
        body = re.sub(r"^.*?<svg[^>]*>|</svg>\s*$", "", svg.strip(), flags=re.S).strip()
        body = re.sub(r">\s+<", "><", body)
        symbols.append(f'<symbol id="{name}" viewBox="{view_box}" fill="currentColor">{body}</symbol>')
    sprite = '<svg xmlns="http://www.w3.org/2000/svg">' + "".join(symbols) + "</svg>\n"
    TARGET.mkdir(parents=True, exist_ok=True)
    (TARGET / "icons.svg").write_text(sprite)
    shutil.copy(package / "LICENSE", TARGET / "LICENSE")
    print(f"{len(names)} icons, {len(sprite)} bytes")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
