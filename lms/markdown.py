"""Markdown that users write, rendered in one place: raw HTML off, dangerous links refused.

Pages add tables, task lists, footnotes, ids on headings (for a table of contents) and links
between pages by title: `[[Page title]]` becomes a link when the caller knows that title."""
import re
from collections.abc import Mapping

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin
from markupsafe import Markup

WIKI_LINK = re.compile(r"\[\[([^\[\]\n]{1,200})\]\]")


def _wiki_link(state, silent: bool) -> bool:
    match = WIKI_LINK.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("wiki_link", "", 0)
        token.content = match.group(1).strip()
    state.pos = match.end()
    return True


def _render_wiki_link(self, tokens, idx, options, env) -> str:
    title = tokens[idx].content
    url = (env.get("wiki_links") or {}).get(title.casefold())
    if url is None:
        return f'<span class="missing-page" title="missing page">{escapeHtml(title)}</span>'
    return f'<a class="page-link" href="{escapeHtml(url)}">{escapeHtml(title)}</a>'


# js-default: no raw HTML, and markdown-it's validateLink refuses javascript:, vbscript:,
# file: and data: URLs other than raster images.
def _headings_under_the_title(state) -> None:
    """The page's title is its only <h1>: the text's headings start at <h2>, one step for each level the
    text uses, so none is skipped for screen readers ("## Steps" then "#### Tip" become <h2> then <h3>)."""
    used = sorted({int(token.tag[1]) for token in state.tokens if token.type == "heading_open"})
    level = {markdown: html for html, markdown in enumerate(used, start=2)}
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(level[int(token.tag[1])], 6)}"


_md = MarkdownIt("js-default", {"linkify": False, "typographer": True}).enable("table").enable("strikethrough")
_md.core.ruler.push("headings_under_the_title", _headings_under_the_title)
# label=True: each task's text labels its checkbox, for screen readers
_md.use(tasklists_plugin, label=True).use(footnote_plugin).use(anchors_plugin, min_level=2, max_level=5)
_md.inline.ruler.before("link", "wiki_link", _wiki_link)
_md.add_render_rule("wiki_link", _render_wiki_link)


def wiki_titles(text: str) -> set[str]:
    """The page titles a text links to with [[...]], case-folded."""
    return {match.group(1).strip().casefold() for match in WIKI_LINK.finditer(text or "")}


def headings(text: str) -> list[dict]:
    """Level, text and anchor id of every heading the rendered text will carry an id for."""
    env: dict = {}
    tokens = _md.parse(text or "", env)
    found = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.attrs.get("id"):
            found.append({"level": int(token.tag[1]), "text": tokens[index + 1].content, "id": token.attrs["id"]})
    return found


def render(text: str, wiki_links: Mapping[str, str] | None = None) -> Markup:
    """HTML of the text; wiki_links maps case-folded page titles to their URLs."""
    return Markup(_md.render(text or "", {"wiki_links": wiki_links or {}}))
