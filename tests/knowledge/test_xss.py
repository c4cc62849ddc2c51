"""User Markdown never runs script: payloads from the OWASP XSS filter evasion cheat sheet and
PortSwigger's XSS cheat sheet, rendered by lms.markdown and through a saved page."""
import re
from html.parser import HTMLParser

import pytest

from lms.markdown import render
from tests.knowledge.documents_fixtures import make_spaces

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg/onload=alert(1)>",
    "<body onload=alert(1)>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](javascript&#x3A;alert(1))",
    "[click](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](<java\nscript:alert(1)>)",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](data:text/html,<script>alert(1)</script>)",
    "![img](javascript:alert(1))",
    "![img](data:text/html,<script>alert(1)</script>)",
    "![img\" onerror=\"alert(1)](x.png)",
    "<javascript:alert(1)>",
    "<vbscript:msgbox(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    "[ref]\n\n[ref]: javascript:alert(1)",
    "[x](x.png \"title\\\" onmouseover=\\\"alert(1)\")",
    "[[\"><script>alert(1)</script>]]",
    "[[x\" onmouseover=\"alert(1)]]",
    "[[<img src=x onerror=alert(1)>]]",
    "# <svg onload=alert(1)>",
    "| a | b |\n|---|---|\n| <script>alert(1)</script> | [x](javascript:alert(1)) |",
    "- [ ] <img src=x onerror=alert(1)>",
    "note[^1]\n\n[^1]: <script>alert(1)</script> [x](javascript:alert(1))",
    "```html\n<script>alert(1)</script>\n```",
    "<style>@import 'https://xss.example/x.css';</style>",
    "<object data=\"javascript:alert(1)\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
]

DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "style", "meta", "base", "form", "body"}
BAD_SCHEME = re.compile(r"^\s*(javascript|vbscript|data:text)", re.I)


class Elements(HTMLParser):
    """Every element the browser would build: tag and attributes, as a browser parses them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def assert_safe(html: str, allowed_tags: set[str] = frozenset()) -> None:
    parser = Elements()
    parser.feed(html)
    for tag, attrs in parser.found:
        assert tag not in DANGEROUS_TAGS - allowed_tags, html
        for name, value in attrs:
            assert not name.startswith("on"), html
            if name in ("href", "src", "action", "formaction", "data", "xlink:href"):
                assert not BAD_SCHEME.search(re.sub(r"[\x00-\x20]", "", value or "")), html


def test_the_corpus_is_large_enough():
    assert len(PAYLOADS) >= 30


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_renders_no_script(payload):
    assert_safe(render(payload, {"x\" onmouseover=\"alert(1)": "/knowledge/pages/1"}))


async def test_a_saved_page_renders_no_script(as_charlie, org):
    spaces = await make_spaces(org)
    body = "\n\n".join(PAYLOADS)
    response = await as_charlie.post(f"/knowledge/spaces/{spaces['open']}/pages",
                                     data={"title": "<script>alert(1)</script>", "body": body, "tags": "<b onclick=x>"},
                                     follow_redirects=False)
    assert response.status_code == 303
    page = await as_charlie.get(response.headers["location"])
    assert page.status_code == 200
    article = page.text.split('<article class="card prose">', 1)[1].split("</article>", 1)[0]
    assert_safe(article)
    # the layout's own elements are fine; nothing the writer typed may add a script, handler or URL
    layout = re.sub(r'<script src="/static/[\w.-]+\.js\?v=[0-9a-f]{12}"( defer)?></script>', "", page.text)
    assert_safe(layout, allowed_tags={"meta", "body", "form"})
    preview = await as_charlie.post("/knowledge/preview", data={"body": body})
    assert_safe(preview.text)
