"""The check-worthiness corpora for ``bench/checkworthy_train.py``: reading and parsing once.

ClaimBuster 2.5xNCS (``kfold_25ncs.csv``: one labelled debate sentence a row) and CheckThat!
2019 task 1 (``training/*.tsv`` and ``test_annotated/*.tsv``: one debate or speech a file,
one sentence a line, label 1 when fact-checkers checked it). Every sentence is parsed with
margin's own pipeline and the parses are kept as a spaCy ``DocBin`` under the cache folder
(keyed by the texts and the model), so that a second run does not parse again.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc


@dataclass(frozen=True, slots=True)
class Row:
    """One labelled sentence; ``group`` is its file (CheckThat) or ``""`` (ClaimBuster)."""

    text: str
    label: int
    group: str = ""


def read_claimbuster(root: Path) -> list[Row]:
    """The ClaimBuster rows (``root`` is the folder or the CSV itself)."""
    path = root / "kfold_25ncs.csv" if root.is_dir() else root
    if not path.is_file():
        raise SystemExit(f"{path}: no such file")
    with path.open(encoding="utf-8", newline="") as fh:
        return [Row(r["text"].strip(), int(r["label"])) for r in csv.DictReader(fh)]


def read_checkthat(folder: Path) -> list[Row]:
    """The CheckThat rows of every ``*.tsv`` in ``folder`` (sorted by file name), grouped by
    file. Lines are ``number <TAB> speaker <TAB> text <TAB> label`` (some files end lines in
    CRLF)."""
    rows: list[Row] = []
    paths = sorted(folder.glob("*.tsv")) if folder.is_dir() else []
    if not paths:
        raise SystemExit(f"{folder}: no .tsv files")
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.rstrip("\r\n").split("\t")
            if len(parts) < 4:
                continue
            rows.append(Row(parts[2].strip(), int(parts[3].strip()), path.stem))
    return rows


def _key(texts: Iterable[str], model: str) -> str:
    digest = hashlib.sha256(model.encode())
    for text in texts:
        digest.update(b"\0" + text.encode("utf-8"))
    return digest.hexdigest()[:20]


def parse_cached(nlp: Language, model: str, texts: list[str], cache: Path) -> list[Doc]:
    """``texts`` parsed by ``nlp``, one Doc each, read from (or written to) ``cache``."""
    from spacy.tokens import DocBin

    path = cache / f"{_key(texts, model)}.spacy"
    if path.exists():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        if len(docs) == len(texts):
            return docs
    docs = list(nlp.pipe(texts, batch_size=256))
    cache.mkdir(parents=True, exist_ok=True)
    DocBin(store_user_data=False, docs=docs).to_disk(path)
    return docs
