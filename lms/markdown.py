"""Markdown that users write, rendered in one place: raw HTML off, dangerous links refused."""
from markdown_it import MarkdownIt
from markupsafe import Markup

# js-default: no raw HTML, and markdown-it's validateLink refuses javascript:, vbscript:,
# file: and data: URLs other than raster images.
_md = MarkdownIt("js-default", {"linkify": False, "typographer": True}).enable("table").enable("strikethrough")


def render(text: str) -> Markup:
    return Markup(_md.render(text or ""))
