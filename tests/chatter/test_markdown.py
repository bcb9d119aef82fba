"""Members' Markdown, made safe: nothing a post holds can run in a reader's browser."""

from html.parser import HTMLParser

import pytest

from kit.markdown import to_html

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java\tscript:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![img](javascript:alert(1))",
    '<svg onload="alert(1)"><circle r="5"/></svg>',
    '<a href="https://x.example" onclick="alert(1)">x</a>',
    "<iframe src='https://evil.example'></iframe>",
    "<style>body{display:none}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<<script>script>alert(1)<</script>/script>",
    "[x](vbscript:msgbox(1))",
    "<form action=https://evil.example><input name=p></form>",
    "<object data=javascript:alert(1)></object>",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    "> <script>alert(1)</script>",
    '[a](https://ok.example "title" onmouseover=alert(1))',
    "<details open ontoggle=alert(1)>",
    "&#x3C;script&#x3E;alert(1)&#x3C;/script&#x3E;",
]
ALLOWED_TAGS = {"p", "br", "hr", "strong", "em", "s", "del", "code", "pre", "blockquote", "ul",
                "ol", "li", "a", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th",
                "td"}  # fmt: skip
ALLOWED_ATTRIBUTES = {"href", "title", "rel", "start", "align"}


class Elements(HTMLParser):
    """Every element and attribute of a fragment, as a browser's parser reads them."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict]]:
    parser = Elements()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_markdown_is_defused(source):
    for tag, attributes in elements(to_html(source)):
        assert tag in ALLOWED_TAGS, (source, tag)
        assert set(attributes) <= ALLOWED_ATTRIBUTES, (source, attributes)
        href = (attributes.get("href") or "").strip().lower()
        assert not href or href.startswith(("http://", "https://", "mailto:")), (source, href)


def test_links_are_nofollow_and_only_web_or_mail():
    html = to_html("[a](https://a.example) [b](mailto:x@y.example) [c](ftp://f.example)")
    links = [attributes for tag, attributes in elements(html) if tag == "a"]
    assert [link.get("href") for link in links] == ["https://a.example", "mailto:x@y.example", None]
    assert all(link["rel"] == "nofollow noopener" for link in links)


def test_what_markdown_is_for_still_works():
    html = to_html(
        "# Title\n\n**bold** *it* `code`\n\n- one\n- two\n\n> quoted\n\n| a |\n|---|\n| 1 |"
    )
    for tag in ("<h3>", "<strong>", "<em>", "<code>", "<li>", "<blockquote>", "<table>"):
        assert tag in html


def test_huge_and_deeply_nested_input_renders_in_bounds():
    """Nesting beyond the parser's limit is cut off, not rendered five thousand deep."""
    html = to_html(">" * 5000 + " deep")
    assert html.count("<blockquote>") <= 100
    html = to_html("*" * 20000 + "\n\n" + "[" * 10000)
    assert len(html) < 100_000


def test_mails_and_snippets_carry_the_words_not_the_markdown(cast):
    from django.core import mail

    from chatter.search import highlighted
    from chatter.services import thread_start
    from kit.markdown import to_text
    from members.models import NotificationSetting
    from members.notifications.mail import mail_at_once
    from tests.notify import fan_out_all

    assert to_text("**Two** robbers, see [the report](https://x.example/r).\n\n- *knives*") == (
        "Two robbers, see the report.\nknives"
    )
    assert str(highlighted("**two** robbers, *one* \x02knife\x03")) == (
        "two robbers, one <mark>knife</mark>"
    )
    NotificationSetting.objects.create(user=cast.member_b, kind="mention", mail="immediately")
    thread_start(
        author=cast.member_a, title="Lagos", tlp="green",
        body=f"**Two** robbers with *knives*, @{cast.member_b.handle}.",
    )  # fmt: skip
    fan_out_all()
    mail_at_once()
    [sent] = [m for m in mail.outbox if cast.member_b.email in m.to]
    assert "Two robbers with knives" in sent.body and "**" not in sent.body
