"""What a member's Markdown says, read from markdown-it's tokens: text outside code and
links' text, and the links' addresses."""

from kit.markdown import read


def test_text_outside_code_and_links_and_the_links_addresses():
    written = read(
        "Hi @jane.doe and **@acme**, see [@bob](https://csoa.example/incidents/CSOA-2019-0001/)"
        " and `@code` CSOA-2020-0002\n\n```\n@fenced\n```\n\n> quoted @quoted\n>\n>     @indented\n"
    )
    text = " ".join(written.text)
    assert "@jane.doe" in text and "@acme" in text and "@quoted" in text
    assert "CSOA-2020-0002" in text
    for unseen in ("@bob", "@code", "@fenced", "@indented"):
        assert unseen not in text
    assert written.links == ["https://csoa.example/incidents/CSOA-2019-0001/"]


def test_emphasis_ends_a_run_of_text_as_a_tag_does():
    assert read("a **b** _c_ d").text == ["a ", "b", " ", "c", " d"]
    assert read("say **@alice**").text == ["say ", "@alice"]
    assert read("line one\nline two").text == ["line one", "line two"]


def test_escapes_are_read_as_the_text_they_show():
    assert read("CSOA\\-2019\\-0001").text == ["CSOA-2019-0001"]


def test_a_links_title_is_read_with_its_address():
    written = read('[x](https://example.org/ "CSOA-2019-0001")')
    assert written.links == ["https://example.org/", "CSOA-2019-0001"]


def test_nothing_written_reads_as_nothing():
    for empty in ("", "   ", "```\n@x\n```"):
        assert read(empty).text == [] and read(empty).links == []


def test_raw_html_is_text_as_the_page_shows_it():
    assert read("<span>@jane</span>").text == ["<span>@jane</span>"]
