"""The analyser's version: part of the analysis cache's key (no imports, so a cache lookup
stays cheap)."""

#: Bump whenever the analysis output changes for the same text and model (keys the cache).
ANALYZER_VERSION = "28"
