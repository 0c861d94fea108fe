"""Loading articles from outside: txt, md, html (trafilatura), http(s) URLs, stdin, the sample.

:func:`margin.sources.loader.load_article` turns a path, a URL or ``-`` into an
:class:`~margin.model.Article`; nothing here analyses language.
"""
