"""The sample article shown on a first run: an original piece written for margin."""

from pathlib import Path

SAMPLE_PATH = Path(__file__).with_name("sample.md")
