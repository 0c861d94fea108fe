"""Notes, highlights and the library, kept safely in TinyDB. No Textual.

* :mod:`margin.storage.store` - :class:`~margin.storage.store.Store`, the API the reader, export
and import use, composed of :mod:`~margin.storage.store_files` (opening, damaged files, raw
reads), :mod:`~margin.storage.store_library` (the library), :mod:`~margin.storage.store_notes`
(the notes) and :mod:`~margin.storage.store_anchors` (notes re-anchored against their text);
* :mod:`margin.storage.journal` - one article's notes file and its append-only journal;
* :mod:`margin.storage.anchoring` - :func:`~margin.storage.anchoring.reanchor`, finding a note's
passage again;
* :mod:`margin.storage.safe_storage` - atomic, fsynced TinyDB storage and the inter-process lock;
* :mod:`margin.storage.schema` - the schema version and migrations;
* :mod:`margin.storage.paths` - where the database and the files beside it live;
* :mod:`margin.storage.model` - the Anchor, Note and LibraryEntry dataclasses;
* :mod:`margin.storage.verdicts` - verdicts on claims, stored like notes
  (:mod:`~margin.storage.verdict_model`, and the scale: :mod:`~margin.storage.verdict_config`).
"""
