"""Stylesheets (``.tcss``) and the entity colour scheme, shared by the reader and exports."""

from pathlib import Path

STYLES_DIR = Path(__file__).parent
