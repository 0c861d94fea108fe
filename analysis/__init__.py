"""Article loading and language analysis: no Textual here.

The data flows one way: a source is loaded into an :class:`~margin.model.Article`,
which is analysed into an :class:`~margin.model.Analysis`. Every span is a pair of
character offsets into ``Article.text`` (Python ``str`` indices, end exclusive).
"""

from margin.errors import MarginError
from margin.model import Analysis, Article, Claim, Entity, Speaker, TextSpan

__all__ = ["Analysis", "Article", "Claim", "Entity", "MarginError", "Speaker", "TextSpan"]
