"""Notes, highlights and the library, kept safely in TinyDB; analysis cache files. No Textual.

* :mod:`storage.store` - :class:`~storage.store.Store`, the API the reader, export and import use;
* :mod:`storage.anchoring` - :func:`~storage.anchoring.reanchor`, finding a note's passage again;
* :mod:`storage.safe_storage` - atomic, fsynced TinyDB storage and the inter-process lock;
* :mod:`storage.schema` - the schema version and migrations;
* :mod:`storage.paths` - where the database and the files beside it live;
* :mod:`storage.model` - the Anchor, Note and LibraryEntry dataclasses.
"""
