"""HTML made with the standard library alone: escaped text, tables and a
self-contained page.

Everything given as text is escaped (:func:`html.escape`, quotes too), so a
source name or a quote from a statement can never become markup; only a
:class:`Markup` value (HTML made here, or a chart's SVG) goes in as it is.
``tally report`` builds its page from these (:mod:`dronetally.page`), and a
notebook's ``_repr_html_`` can build its tables the same way: :data:`STYLE`
is the CSS that the classes below refer to, and needs no network.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence


class Markup(str):
    """Text that is HTML already: put in as it is, never escaped again."""

    __slots__ = ()


def escape(value: object) -> Markup:
    """``value`` as HTML text: ``None`` is empty; ``<``, ``>``, ``&`` and both
    quotes are escaped.  A :class:`Markup` value is returned as it is."""
    if isinstance(value, Markup):
        return value
    return Markup("" if value is None else html.escape(str(value), quote=True))


def element(tag: str, content: object = "", *, cls: str | None = None, **attributes: object) -> Markup:
    """``<tag class="cls" name="value">content</tag>``, the content and every
    attribute escaped (a :class:`Markup` content as it is).  An attribute
    whose value is None is left out; ``data_x`` is written ``data-x``."""
    if not tag.isalnum():
        raise ValueError(f"tag={tag!r} is not the name of an element")
    attrs = {"class": cls, **{name.rstrip("_").replace("_", "-"): value for name, value in attributes.items()}}
    written = "".join(f' {name}="{escape(value)}"' for name, value in attrs.items() if value is not None)
    return Markup(f"<{tag}{written}>{escape(content)}</{tag}>")


def table(
    headers: Sequence[object], rows: Iterable[Sequence[object]], classes: Iterable[str | None] | None = None, *,
    caption: object = None, cls: str | None = "dronetally", numeric: Iterable[int] = (),
) -> Markup:
    """A ``<table>``: a header row of ``headers`` and a row per item of
    ``rows``, each cell escaped.  ``classes`` gives each row its CSS class
    (None: none), in the order of ``rows``; ``numeric`` the columns (by index)
    whose cells are numbers, aligned right; ``caption`` a caption over it.
    A row with another number of cells than ``headers`` is a ValueError."""
    right = set(numeric)
    width = len(headers)
    out = [f'<table class="{escape(cls)}">' if cls else "<table>"]
    if caption is not None:
        out.append(str(element("caption", caption)))
    heads = "".join(element("th", h, cls="num" if i in right else None, scope="col") for i, h in enumerate(headers))
    out.append(f"<thead><tr>{heads}</tr></thead>")
    out.append("<tbody>")
    row_classes = iter(classes) if classes is not None else None
    for k, row in enumerate(rows):
        if len(row) != width:
            raise ValueError(f"row {k} has {len(row)} cells; the headers name {width} columns")
        row_class = next(row_classes, None) if row_classes is not None else None
        cells = "".join(element("td", cell, cls="num" if i in right else None) for i, cell in enumerate(row))
        out.append((f'<tr class="{escape(row_class)}">' if row_class else "<tr>") + cells + "</tr>")
    out.append("</tbody></table>")
    return Markup("\n".join(out))


#: The page's CSS: system fonts, tables that read at any width, and severities that stand out
#: (``tr.error``, ``tr.warning``, ``tr.info``; ``td.num`` for numbers).
STYLE = """
:root { color-scheme: light; --ink: #1b1b1b; --muted: #5a5a5a; --line: #d9d9d9; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: var(--ink); margin: 2rem auto; max-width: 1200px; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid var(--line); padding-bottom: 0.2rem; }
p.meta, p.note { color: var(--muted); }
ul.summary { padding-left: 1.2rem; }
ul.summary li.errors { color: #a40000; font-weight: 600; }
table.dronetally { border-collapse: collapse; width: 100%; font-size: 0.9rem; margin: 0.5rem 0 1rem; }
table.dronetally caption { text-align: left; color: var(--muted); padding-bottom: 0.3rem; }
table.dronetally th, table.dronetally td { border-bottom: 1px solid var(--line); padding: 0.3rem 0.5rem;
                                           text-align: left; vertical-align: top; }
table.dronetally th { white-space: nowrap; }
table.dronetally td:first-child, table.dronetally td:last-child { overflow-wrap: anywhere; }
table.dronetally th { background: #f3f3f3; position: sticky; top: 0; }
table.dronetally td.num, table.dronetally th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.dronetally tr.error td { background: #fde7e7; }
table.dronetally tr.error td:nth-child(3) { color: #a40000; font-weight: 700; }
table.dronetally tr.warning td { background: #fff4d6; }
table.dronetally tr.warning td:nth-child(3) { color: #8a5a00; font-weight: 700; }
table.dronetally tr.info td:nth-child(3) { color: var(--muted); }
figure.chart { margin: 1rem 0 2rem; }
figure.chart svg, figure.chart img { max-width: 100%; height: auto; display: block; }
figure.chart figcaption { color: var(--muted); font-size: 0.9rem; }
"""


#: The few rules a notebook's display needs (a notebook has its own page style): severities and
#: remainders stand out, in light and dark themes alike.
NOTEBOOK_STYLE = """<style>
table.dronetally tr.error td { background: rgba(220, 0, 0, 0.12); }
table.dronetally tr.error td:nth-child(3) { color: #c00000; font-weight: 700; }
table.dronetally tr.warning td { background: rgba(255, 170, 0, 0.15); }
table.dronetally tr.warning td:nth-child(3) { font-weight: 700; }
table.dronetally tr.remainder td:last-child { font-weight: 700; }
table.dronetally td { text-align: left; vertical-align: top; }
</style>"""

#: How many rows a notebook's display lists before it says how many more there are.
NOTEBOOK_ROWS = 50


def notebook(table_html: str, shown: int, total: int, what: str, notes: Iterable[str] = (), *,
             more: str = "to_pandas() has them all") -> str:
    """A table for a notebook: :data:`NOTEBOOK_STYLE`, the table, the lines
    under it, and how many ``what`` were left out past :data:`NOTEBOOK_ROWS`
    (``more`` says where they are)."""
    cut = [element("p", f"... and {total - shown:,} more {what} ({more})")] if total > shown else []
    return "\n".join([NOTEBOOK_STYLE, table_html, *cut, *(element("p", line) for line in notes)])


def page(title: str, body: Iterable[object], *, style: str = STYLE, lang: str = "en") -> str:
    """A whole HTML document: ``title``, the CSS ``style`` inline, and the
    ``body``'s pieces in order (text escaped, :class:`Markup` as it is).
    It loads nothing: no script, font or image from anywhere else."""
    head = (f'<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"{element('title', title)}\n<style>{style}</style>")
    content = "\n".join(escape(piece) for piece in body)
    return (f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n{head}\n</head>\n'
            f"<body>\n{content}\n</body>\n</html>\n")


__all__ = ["STYLE", "Markup", "element", "escape", "page", "table"]
