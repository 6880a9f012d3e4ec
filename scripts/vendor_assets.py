"""Copy Leaflet, its plugins and the offline basemap from node_modules/ into static/vendor/.

Streamlit serves static/ at /app/static/ (enableStaticServing in .streamlit/config.toml), so the
map loads nothing from a CDN. Run after `npm install` (scripts/setup.sh does both).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = ROOT / "node_modules"
VENDOR = ROOT / "static" / "vendor"

# (package, path inside the package, path under static/vendor)
FILES: tuple[tuple[str, str, str], ...] = (
    ("leaflet", "dist/leaflet.js", "leaflet/leaflet.js"),
    ("leaflet", "dist/leaflet.css", "leaflet/leaflet.css"),
    ("leaflet", "dist/images", "leaflet/images"),
    ("leaflet", "LICENSE", "leaflet/LICENSE"),
    ("leaflet-polylinedecorator", "dist/leaflet.polylineDecorator.js",
     "leaflet-polylinedecorator/leaflet.polylineDecorator.js"),
    ("topojson-client", "dist/topojson-client.min.js", "topojson-client/topojson-client.min.js"),
    ("topojson-client", "LICENSE", "topojson-client/LICENSE"),
    ("world-atlas", "countries-50m.json", "world-atlas/countries-50m.json"),
    ("world-atlas", "countries-110m.json", "world-atlas/countries-110m.json"),
    ("world-atlas", "LICENSE", "world-atlas/LICENSE"),
)


def main() -> int:
    """Copy every file of FILES; report the first missing one and exit 1."""
    for package, source, target in FILES:
        src = MODULES / package / source
        dst = VENDOR / target
        if not src.exists():
            print(f"vendor_assets: missing {src} (run `npm install` first)", file=sys.stderr)
            return 1
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            shutil.copy2(src, dst)
    print(f"vendor_assets: {len(FILES)} items in {VENDOR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
