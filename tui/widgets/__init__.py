"""Widgets the screens are built from: the article view, the side panel and its lists, fields."""
