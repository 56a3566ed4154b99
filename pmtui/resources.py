"""Where the styles and bundled sample sessions are, in a checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(installed: str, checkout: str) -> Path:
    # A wheel carries the folder inside the package; an editable install or a checkout has it
    # at the top of the repository.
    inside = _PACKAGE / installed
    return inside if inside.is_dir() else _PACKAGE.parent / checkout


STYLES_DIR = _find("_styles", "styles")
SAMPLES_DIR = _find("_sample_sessions", "sample_sessions")
DEMO_SESSION = SAMPLES_DIR / "checkout-bad-deploy.toml"
