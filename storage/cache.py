"""On-disk cache of analysis results, keyed by text, model and analyser version.

One JSON file per key under ``platformdirs.user_cache_dir("margin")/analysis`` (or
``$MARGIN_CACHE_DIR``). Writes are atomic (temp file + rename); a damaged file reads as a
miss and is replaced by the next ``put``; an unwritable directory just means no cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from analysis.model import Analysis

#: Format of the cache files themselves (independent of the analyser's version).
CACHE_FORMAT = 1


def default_cache_dir() -> Path:
    """``$MARGIN_CACHE_DIR`` if set, else the XDG cache dir's ``margin/analysis``."""
    env = os.environ.get("MARGIN_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("margin")) / "analysis"


def _analyzer_version() -> str:
    from analysis import version

    return version.ANALYZER_VERSION


class AnalysisCache:
    """Analyses stored as files, one per (text sha256, model id, analyser version)."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = Path(directory) if directory is not None else default_cache_dir()

    def path_for(self, sha256: str, model_id: str) -> Path:
        """The file that holds (or would hold) this key's analysis."""
        version = _analyzer_version()
        tag = hashlib.sha256(f"{model_id}\0{version}".encode()).hexdigest()[:16]
        safe_sha = "".join(ch for ch in sha256 if ch.isalnum())[:64] or "none"
        return self.directory / f"{safe_sha}-{tag}.json"

    def get(self, sha256: str, model_id: str) -> Analysis | None:
        """The cached analysis, or None (missing, damaged, or for another key)."""
        path = self.path_for(sha256, model_id)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if (
                data.get("format") != CACHE_FORMAT
                or data.get("sha256") != sha256
                or data.get("model") != model_id
                or data.get("analyzer") != _analyzer_version()
            ):
                return None
            return Analysis.from_dict(data["analysis"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def put(self, sha256: str, model_id: str, analysis: Analysis) -> bool:
        """Store ``analysis``; returns False (never raises) when it could not be written."""
        path = self.path_for(sha256, model_id)
        payload = {
            "format": CACHE_FORMAT,
            "sha256": sha256,
            "model": model_id,
            "analyzer": _analyzer_version(),
            "analysis": analysis.to_dict(),
        }
        tmp_name: str | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(payload, fh, ensure_ascii=False, separators=(",", ":"))
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp_name, path)
            tmp_name = None
            return True
        except (OSError, ValueError, TypeError):
            return False
        finally:
            if tmp_name is not None:  # failed or interrupted (ctrl+c): no leftover
                try:
                    os.unlink(tmp_name)
                except OSError:
                    pass
