"""Command palette (ctrl+p) commands of the reader: actions, claims and entities."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from margin.sanitize import clean_line
from margin.tui.state.entity_filters import entity_filter_names


class ReaderCommands(Provider):
    """Every reader action, plus "jump to claim …" and "show entity …" for this article."""

    def _reader(self):  # type: ignore[no-untyped-def]
        from margin.tui.screens.reader import ReaderScreen

        screen = self.screen
        return screen if isinstance(screen, ReaderScreen) else None

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        reader = self._reader()
        if reader is None or not reader.panel_ready:
            return []
        from margin.tui.widgets.claims_panel import trim  # loaded with the panel's tabs

        commands: list[tuple[str, Callable[[], object], str]] = [
            ("Toggle side panel", reader.action_toggle_panel, "Show or hide claims and entities"),
            ("Show claims", partial(reader.show_tab, "claims"), "Open the Claims tab"),
            ("Show entities", partial(reader.show_tab, "entities"), "Open the Entities tab"),
            ("Find in article", reader.action_find, "Open the find bar (/)"),
            ("Clear marks and matches", reader.clear_marks, "Forget find matches and marks"),
            ("Go to top", reader.view.action_top, "First sentence"),
            ("Go to bottom", reader.view.action_bottom, "Last sentence"),
            ("Keys (help)", reader.action_help, "Every key binding (?)"),
        ]
        for index, name in entity_filter_names():
            commands.append(
                (f"Entity filter: {name}", partial(reader.entity_filter.set, index),
                 "Which entity types are coloured (e cycles)")
            )  # fmt: skip
        for kind, label in (("all", "all kinds"), ("quote", "quotes"), ("reported", "reported"),
                            ("assertion", "unattributed")):  # fmt: skip
            commands.append(
                (f"Claims: show {label}", partial(self._claims_filter, kind), "Filter the claims")
            )
        table = reader.claims
        labels = (table.speaker_label(r) for r in range(len(table)))
        speakers = sorted({clean_line(label) for label in labels if label})
        for speaker in speakers:
            commands.append(
                (f"Claims by {speaker}", partial(self._claims_speaker, speaker),
                 "Filter the claims by speaker")
            )  # fmt: skip
        for row in range(len(table)):
            who = clean_line(table.speaker_label(row) or "unattributed")
            title = f"Claim: {who} — {trim(table.part_text(row, 'content') or '', 60)}"
            commands.append((title, partial(self._jump_claim, row), table.kind(row)))
        index = reader.panel.entities.index
        for _, ids in index.ordered_ids():
            for entity_id in ids:
                commands.append(
                    (f"Entity: {clean_line(index.names[entity_id])} ({index.counts[entity_id]})",
                     partial(self._entity, index.key(entity_id)), "Mark its mentions; n/N step")
                )  # fmt: skip
        return commands

    def _claims_filter(self, kind: str) -> None:
        reader = self._reader()
        if reader is not None:
            reader.show_tab("claims")
            reader.panel.claims.set_filter(kind=kind)

    def _claims_speaker(self, speaker: str) -> None:
        reader = self._reader()
        if reader is not None:
            reader.show_tab("claims")
            reader.panel.claims.set_filter(kind="all", speaker=speaker)

    def _jump_claim(self, row: int) -> None:
        reader = self._reader()
        if reader is not None:
            claim = reader.claims[row]
            reader.panel.claims.highlight_claim(claim)
            reader.choose_claim(claim, jump=True)

    def _entity(self, key: str) -> None:
        reader = self._reader()
        if reader is not None:
            reader.panel.entities.highlight_key(key)
            reader.choose_entity(key, jump=True)

    async def discover(self) -> Hits:
        for title, callback, help_text in self._commands()[:12]:
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback, help_text in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
