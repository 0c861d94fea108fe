"""The style sheet of the standalone HTML export (:mod:`margin.export.html`): a light and a dark
scheme, the entity and highlight colours of :mod:`margin.styles.entities`, and print rules.
"""

from __future__ import annotations

from margin.styles.entities import ENTITY_GROUPS, HIGHLIGHT_COLOURS, NOTE_DEFAULT_BACKGROUND


def css() -> str:
    """The page's style sheet: light and dark, entity and highlight colours, print."""
    light_ent = "\n".join(f"  .g-{g.key} {{ --ent: {g.light}; }}" for g in ENTITY_GROUPS)
    dark_ent = "\n".join(f"    .g-{g.key} {{ --ent: {g.dark}; }}" for g in ENTITY_GROUPS)
    light_hl = "\n".join(
        f"  .c{n} {{ --hl: {light}; }}" for n, (_, _dark, light) in HIGHLIGHT_COLOURS.items()
    )
    dark_hl = "\n".join(
        f"    .c{n} {{ --hl: {dark}; }}" for n, (_, dark, _light) in HIGHLIGHT_COLOURS.items()
    )
    return _CSS_TEMPLATE.format(
        light_ent=light_ent,
        dark_ent=dark_ent,
        light_hl=light_hl,
        dark_hl=dark_hl,
        note_light=NOTE_DEFAULT_BACKGROUND[1],
        note_dark=NOTE_DEFAULT_BACKGROUND[0],
    )


_CSS_TEMPLATE = """
  :root {{
    color-scheme: light dark;
    --bg: #fdfcf8; --fg: #1d1d1f; --muted: #5f6368; --rule: #ddd8cc; --card: #ffffff;
    --accent: #8a3b12;
  }}
{light_ent}
  .c0 {{ --hl: {note_light}; }}
{light_hl}
  @media (prefers-color-scheme: dark) {{
    :root {{ --bg: #17181c; --fg: #e8e6e3; --muted: #a0a4ab; --rule: #34363d; --card: #202228;
      --accent: #f0a56b; }}
{dark_ent}
    .c0 {{ --hl: {note_dark}; }}
{dark_hl}
    .ent-label {{ color: #111 !important; }}
  }}
  * {{ box-sizing: border-box; }}
  html {{ background: var(--bg); color: var(--fg); }}
  body {{ margin: 0 auto; max-width: 68rem; padding: 2rem 1.5rem 4rem;
    font: 1.05rem/1.65 Charter, "Bitstream Charter", "Iowan Old Style", Georgia, serif;
    overflow-wrap: break-word; }}
  header.doc {{ border-bottom: 1px solid var(--rule); margin-bottom: 2rem; padding-bottom: 1rem; }}
  .kicker {{ font: 600 .75rem/1.2 system-ui, sans-serif; letter-spacing: .08em;
    text-transform: uppercase; color: var(--accent); margin: 0 0 .5rem; }}
  h1 {{ font-size: 2rem; line-height: 1.2; margin: 0 0 .6rem; max-width: 42rem; }}
  h2 {{ font: 700 1.1rem/1.3 system-ui, sans-serif; margin: 3rem 0 1rem;
    border-top: 1px solid var(--rule); padding-top: 1rem; }}
  h3 {{ font: 600 .95rem/1.3 system-ui, sans-serif; margin: 1.2rem 0 .4rem; }}
  .meta, .legend, .tags, .note-meta, footer, table {{ font-family: system-ui, sans-serif; }}
  .meta {{ color: var(--muted); font-size: .85rem; margin: 0; overflow-wrap: anywhere; }}
  .meta a, footer a {{ color: inherit; }}
  .legend {{ display: flex; flex-wrap: wrap; gap: .4rem .9rem; font-size: .8rem;
    margin: .8rem 0 0; padding: 0; list-style: none; color: var(--muted); }}
  .legend .swatch {{ display: inline-block; width: .7rem; height: .7rem; border-radius: 2px;
    background: var(--ent); margin-right: .35rem; vertical-align: -.05rem; }}
  .notice {{ font: .85rem/1.4 system-ui, sans-serif; color: var(--muted);
    border-left: 3px solid var(--accent); padding: .2rem .7rem; }}
  .row {{ display: grid; grid-template-columns: minmax(0, 40rem) minmax(13rem, 1fr);
    column-gap: 2.5rem; align-items: start; }}
  .row > p {{ margin: 0 0 1.1rem; grid-column: 1; }}
  .row > aside {{ grid-column: 2; }}
  mark.hl {{ background: var(--hl); color: inherit; border-radius: 2px;
    padding: .05em 0; box-decoration-break: clone; -webkit-box-decoration-break: clone; }}
  mark.has-note {{ border-bottom: 2px solid var(--accent); }}
  mark.multi {{ box-shadow: inset 0 -.35em 0 rgba(0, 0, 0, .08); }}
  .ent {{ color: var(--ent); border-bottom: 1.5px dotted var(--ent); }}
  .ent-label {{ display: inline-block; font: 700 .58rem/1.2 system-ui, sans-serif;
    letter-spacing: .04em; color: #fff; background: var(--ent); border-radius: 3px;
    padding: .1em .3em; margin: 0 .15em 0 .25em; vertical-align: .15em; }}
  sup.ref {{ font: 700 .7rem/1 system-ui, sans-serif; margin-left: .1em; }}
  sup.ref a, .note .num {{ color: var(--accent); text-decoration: none; }}
  aside.notes {{ font-size: .9rem; line-height: 1.45; }}
  .note {{ background: var(--card); border: 1px solid var(--rule);
    border-left: .35rem solid var(--hl); border-radius: 4px; padding: .5rem .7rem;
    margin: 0 0 .8rem; break-inside: avoid; }}
  .note .num {{ font: 700 .75rem/1 system-ui, sans-serif; float: left; margin-right: .4rem;
    margin-top: .2rem; }}
  .note p {{ margin: 0 0 .4rem; }}
  .note > :last-child {{ margin-bottom: 0; }}
  .note blockquote {{ margin: 0 0 .4rem; padding-left: .6rem; border-left: 2px solid var(--rule);
    color: var(--muted); font-style: italic; }}
  .note pre {{ white-space: pre-wrap; }}
  .excerpt {{ display: none; font-size: .8rem; color: var(--muted); font-style: italic; }}
  .tags {{ font-size: .75rem; color: var(--muted); margin: .3rem 0 0; }}
  .tag {{ display: inline-block; margin-right: .4rem; }}
  .note-meta {{ font-size: .75rem; color: var(--muted); margin: .3rem 0 0; }}
  table {{ border-collapse: collapse; width: 100%; font-size: .85rem; }}
  th, td {{ text-align: left; vertical-align: top; padding: .35rem .5rem;
    border-bottom: 1px solid var(--rule); }}
  th {{ font-weight: 600; color: var(--muted); }}
  ul.entities {{ columns: 16rem; padding-left: 1.1rem; font-size: .9rem; }}
  .entity-list h3 .ent {{ border-bottom: none; }}
  .count {{ color: var(--muted); font-family: system-ui, sans-serif; font-size: .8rem; }}
  footer {{ margin-top: 3rem; color: var(--muted); font-size: .75rem; overflow-wrap: anywhere; }}
  @media (max-width: 56rem) {{
    body {{ padding: 1rem 1rem 3rem; font-size: 1rem; }}
    h1 {{ font-size: 1.55rem; }}
    .row {{ display: block; }}
    .row > aside {{ margin: -.4rem 0 1.2rem 1rem; }}
    .excerpt {{ display: block; margin: 0 0 .3rem; }}
    table {{ display: block; overflow-x: auto; }}
    th, td {{ padding: .3rem .35rem; }}
  }}
  @media print {{
    @page {{ margin: 16mm 14mm; }}
    html {{ background: #fff; color: #000; }}
    body {{ max-width: none; padding: 0; font-size: 10.5pt; }}
    * {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
    .row {{ display: grid; grid-template-columns: minmax(0, 1fr) 32%; column-gap: 6mm; }}
    .note {{ background: #fff; }}
    a {{ color: inherit; text-decoration: none; }}
    h2 {{ break-after: avoid; }}
    tr, .note, blockquote {{ break-inside: avoid; }}
  }}
"""
