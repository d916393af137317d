"""Readers: small real files built inline, good and broken, one table per concern."""

from __future__ import annotations

import time
from email.message import EmailMessage

import pytest

from governance.errors import InputError
from governance.ingest.base import EXTENSIONS, READERS, document_id
from governance.ingest.readers import decode, html_to_text
from governance.policy.model import FORMATS, ChatMapping, Column, ColumnRole, Source
from governance.records import Document, SourceFile

SECRET = "Ana Secreta"  # planted in every broken file; no error message may carry it
SOURCE = Source(name="corp", root="corp")


def source_file(fmt: str, data: bytes, uri: str | None = None) -> SourceFile:
    uri = uri or f"folder/file.{fmt}"
    return SourceFile("corp", f"/data/{uri}", uri, len(data), "sha256:abc", fmt)


def read(fmt: str, data: bytes, source: Source = SOURCE, uri: str | None = None) -> list[Document]:
    return list(READERS[fmt](source_file(fmt, data, uri), data, source))


def spans(doc: Document) -> dict[str, str]:
    """Each section's name and the text it spans."""
    return {s.name: doc.text[s.start : s.end] for s in doc.sections}


def test_every_policy_format_and_extension_has_a_reader() -> None:
    assert set(FORMATS) <= set(READERS)
    assert set(EXTENSIONS.values()) <= set(READERS)


# --- decoding -------------------------------------------------------------------------

CYRILLIC = "Привет, как дела? Это тестовый текст. Ещё немного текста для проверки кодировки."


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Hola, José".encode(), "Hola, José"),
        (b"\xef\xbb\xbfwith BOM\n", "with BOM\n"),
        (b"windows\r\nlines\rmac\n", "windows\nlines\nmac\n"),
        ("Café Müller in São Paulo".encode("latin-1"), "Café Müller in São Paulo"),
        (
            "Señora Muñoz pagó la factura del año pasado.\n".encode("latin-1"),
            "Señora Muñoz pagó la factura del año pasado.\n",
        ),
        ("Pagó 5 € a «José»".encode("cp1252"), "Pagó 5 € a «José»"),
        ("JOSÉ NÚÑEZ, MÁLAGA".encode("cp1252"), "JOSÉ NÚÑEZ, MÁLAGA"),
        (CYRILLIC.encode("cp1251"), CYRILLIC),
        ("utf-16 ñ".encode("utf-16"), "utf-16 ñ"),
    ],
    ids=["utf8", "bom", "newlines", "latin1", "latin1-es", "cp1252", "caps", "cp1251", "utf16"],
)
def test_decode(data: bytes, expected: str) -> None:
    assert decode(data) == expected


BROKEN_TEXT = [
    (b"", "empty file"),
    (b"  \n\t \r\n", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + SECRET.encode(), "binary content: NUL bytes"),
    (SECRET.encode() + bytes(range(1, 9)) * 4, "binary content: "),
    (SECRET.encode() + bytes(range(0x80, 0x100)) * 4, "invalid UTF-8 at byte 11"),
    (b"\xff\xfe" + SECRET.encode("utf-16-le") + b"\x00", "invalid utf-16 after its byte order"),
]


@pytest.mark.parametrize(("data", "reason"), BROKEN_TEXT)
@pytest.mark.parametrize("fmt", ["txt", "md", "html", "csv", "tsv", "jsonl"])
def test_unreadable_text_names_the_problem_not_the_content(
    fmt: str, data: bytes, reason: str
) -> None:
    with pytest.raises(InputError) as err:
        read(fmt, data)
    assert reason in err.value.message
    assert "Secreta" not in str(err.value)


# --- txt and markdown -----------------------------------------------------------------


@pytest.mark.parametrize(("language", "expected"), [("auto", None), ("es", "es")])
def test_txt_is_one_document_with_the_whole_text(language: str, expected: str | None) -> None:
    data = "Memo\r\nAna Pérez starts on Monday.\n".encode("latin-1")
    source = Source(name="corp", root="corp", language=language)
    [doc] = read("txt", data, source)
    assert doc.text == "Memo\nAna Pérez starts on Monday.\n"
    assert doc.id == document_id(source_file("txt", data))
    assert (doc.source, doc.source_uri, doc.format) == ("corp", "folder/file.txt", "txt")
    assert doc.content_hash == "sha256:abc"
    assert doc.language == expected
    assert doc.metadata == {"encoding": "cp1252"}


MARKDOWN = """Intro by Ana.

# Onboarding

Welcome.

```sh
# not a heading
```

## Contacts
Luis Gómez, HR.
"""


def test_markdown_keeps_text_and_sections_each_heading_block() -> None:
    [doc] = read("md", MARKDOWN.encode())
    assert doc.text == MARKDOWN
    assert spans(doc) == {
        "h:0": "Intro by Ana.",
        "h:1": "# Onboarding\n\nWelcome.\n\n```sh\n# not a heading\n```",
        "h:2": "## Contacts\nLuis Gómez, HR.",
    }
    assert "title" not in doc.metadata


def test_markdown_without_headings_is_one_block() -> None:
    [doc] = read("md", b"just text\n")
    assert spans(doc) == {"h:0": "just text"}


# --- html -----------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><title>Team &amp; Co</title>
<meta charset="utf-8"><style>p { color: red }</style>
<script>var s = "<p>hidden</p>"; if (a < b) {}</script></head>
<body><h1>Welcome</h1><p>Hello&nbsp;there,   <b>Ana</b>
P&eacute;rez &lt;ana@acme.example&gt;</p><!-- <p>comment</p> -->
<ul><li>one</li><li>two</li></ul><noscript>enable js</noscript>
<table><tr><td>x</td><td>y</td></tr></table>line<br>break<pre>a   b
  c</pre><a title="a > b" href="/x">link</a> 3 &lt; 4</body></html>"""


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        (
            PAGE,
            "Team & Co\n\nWelcome\n\nHello there, Ana Pérez <ana@acme.example>\n\none\ntwo"
            "\n\nx y\n\nline\nbreak\n\na b\nc\n\nlink 3 < 4",
        ),
        ("<p>a &amp; b &#233; &#x41; &copy;</p>", "a & b é A ©"),
        ("<div>one<div>two</div></div>three", "one\ntwo\nthree"),
        ("<p>kept</p><p>unclosed <b class=x", "kept\n\nunclosed"),
        ("<p>kept</p><!-- never closed <p>x</p>", "kept"),
        ("<p>kept</p><script>never closed", "kept"),
        ("x < y and <3 and <![ and <!x> ok", "x < y and <3 and ok"),
        ("<STYLE>b{}</STYLE><P>Upper</P>", "Upper"),
    ],
    ids=["page", "entities", "nested-blocks", "eof-in-tag", "eof-in-comment", "eof-in-script",
         "stray-lt", "uppercase"],
)  # fmt: skip
def test_html_visible_text(markup: str, expected: str) -> None:
    assert html_to_text(markup) == expected


def test_html_reader_decodes_and_rejects_a_page_without_text() -> None:
    [doc] = read("html", PAGE.encode("utf-8"))
    assert doc.text.startswith("Team & Co\n\nWelcome")
    with pytest.raises(InputError, match="no visible text"):
        read("html", b"<html><head><script>Ana Secreta</script></head><body> </body></html>")


@pytest.mark.parametrize("unit", ["<a b='", "<!--", "<a", "</", "<![", "<", '<a x="', "&"])
def test_html_is_linear_on_malformed_input(unit: str) -> None:
    start = time.perf_counter()
    html_to_text(unit * 100_000)  # html.parser on 3.11 needs minutes for some of these
    assert time.perf_counter() - start < 2.0


# --- e-mail ---------------------------------------------------------------------------


def alternative_email() -> bytes:
    msg = EmailMessage()
    msg["From"] = "Ana Pérez <ana.perez@acme.example>"
    msg["To"] = "Luis Gómez <luis@acme.example>, ops@acme.example"
    msg["Cc"] = "boss@acme.example"
    msg["Subject"] = "Nómina de marzo"
    msg.set_content("Hola Luis,\nadjunto la nómina.\n")
    msg.add_alternative("<p>Hola <b>Luis</b>,</p><p>HTML version</p>", subtype="html")
    msg.add_attachment(b"\x89PNG\r\n", maintype="image", subtype="png", filename="n.png")
    return msg.as_bytes()


HTML_ONLY_EMAIL = (
    b"From: hr@acme.example\r\nTo: all@acme.example\r\n"
    b"Subject: =?utf-8?q?Vacaciones_de_Mar=C3=ADa?=\r\nMIME-Version: 1.0\r\n"
    b"Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n"
    b"\r\n<html><body><p>Mar=C3=ADa empieza el lunes.</p><script>t()</script></body></html>\r\n"
)
LATIN1_EMAIL = "From: a@acme.example\nSubject: Pago\n\nSeñor Muñoz, pagó la factura.\n".encode(
    "latin-1"
)


@pytest.mark.parametrize(
    ("data", "sections", "metadata"),
    [
        (
            alternative_email(),
            {
                "from": "Ana Pérez <ana.perez@acme.example>",
                "to": "Luis Gómez <luis@acme.example>, ops@acme.example",
                "cc": "boss@acme.example",
                "subject": "Nómina de marzo",
                "body": "Hola Luis,\nadjunto la nómina.",
            },
            {"attachments": "1", "body": "plain", "attachments_unsupported": "1"},
        ),
        (
            HTML_ONLY_EMAIL,
            {
                "from": "hr@acme.example",
                "to": "all@acme.example",
                "subject": "Vacaciones de María",
                "body": "María empieza el lunes.",
            },
            {"attachments": "0", "body": "html"},
        ),
        (
            LATIN1_EMAIL,
            {"from": "a@acme.example", "subject": "Pago", "body": "Señor Muñoz, pagó la factura."},
            {"attachments": "0", "body": "plain"},
        ),
    ],
    ids=["alternative-with-attachment", "html-only", "undeclared-latin1"],
)
def test_email_headers_then_body(
    data: bytes, sections: dict[str, str], metadata: dict[str, str]
) -> None:
    [doc] = read("eml", data)
    assert spans(doc) == sections
    lines = [f"{name.capitalize()}: {value}" for name, value in sections.items() if name != "body"]
    assert doc.text == "\n".join(lines) + "\n\n" + sections["body"]
    assert doc.metadata == metadata
    assert doc.id == document_id(source_file("eml", data))


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"\x00\x01\x02PK\x03\x04" + SECRET.encode() * 3, "binary content"),
        (f"Hello,\n{SECRET} wrote this note.\n".encode(), "not an e-mail"),
        (b"Date: Mon, 1 Jan 2024 10:00:00 +0000\n\n  \n", "empty e-mail"),
    ],
    ids=["empty", "binary", "headerless-text", "no-values"],
)
def test_email_that_is_not_one(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as err:
        read("eml", data)
    assert reason in err.value.message
    assert "Secreta" not in str(err.value)


# --- tables ---------------------------------------------------------------------------

HR = Source(
    name="hr",
    root="hr",
    columns={
        "full_name": Column(role=ColumnRole.DIRECT_IDENTIFIER, entity="PERSON"),
        "salary": Column(role=ColumnRole.DROP),
    },
)
CSV = (
    "full_name,salary,notes,language\n"
    'Ana Pérez,50000,"Prefers email,\nnot phone",es\n'
    "\n"
    "Luis Gómez,42000,,en-GB\n"
)


TSV = (
    "full_name\tsalary\tnotes\tlanguage\n"
    'Ana Pérez\t50000\t"Prefers email,\nnot phone"\tes\n'
    "\n"
    "Luis Gómez\t42000\t\ten-GB\n"
)


@pytest.mark.parametrize(("fmt", "data"), [("csv", CSV), ("tsv", TSV)])
def test_csv_row_documents(fmt: str, data: str) -> None:
    first, second = read(fmt, data.encode(), HR)
    assert first.text == "full_name: Ana Pérez\nnotes: Prefers email,\nnot phone\nlanguage: es"
    assert spans(first) == {
        "col:full_name": "Ana Pérez",
        "col:notes": "Prefers email,\nnot phone",
        "col:language": "es",
    }
    assert spans(second) == {"col:full_name": "Luis Gómez", "col:language": "en-GB"}
    assert (first.metadata, second.metadata) == ({"row": "1"}, {"row": "2"})
    assert (first.language, second.language) == ("es", "en")
    assert first.id == document_id(source_file(fmt, b""), "row=1")


def test_row_ids_are_deterministic_and_distinct() -> None:
    once = [d.id for d in read("csv", CSV.encode(), HR)]
    again = [d.id for d in read("csv", CSV.encode(), HR)]
    elsewhere = [d.id for d in read("csv", CSV.encode(), HR, uri="other.csv")]
    assert once == again
    assert len(set(once + elsewhere)) == 4


BROKEN_TABLES = [
    ("csv", f"name,email,notes\n{SECRET},a@x,hi\nLuis,l@x\n", "row 2 (line 3) has 2 fields"),
    ("csv", f'name,notes\n{SECRET},"never closed\nLuis,ok\n', "unterminated quote in row 1 (star"),
    ("csv", f'name,notes\nAna,"x"{SECRET}\n', "malformed CSV: ',' expected after '\"' in row 1"),
    ("tsv", f"name\tnotes\n{SECRET}\n", "malformed TSV: row 1 (line 2) has 1 fields, header has 2"),
    ("csv", "name,email\n\n", "empty table"),
    ("csv", f"name,name\n{SECRET},x\n", "header column 2 repeats the name of column 1"),
    ("jsonl", f'{{"a": "{SECRET}"}}\n{{"a": "Luis" "b"}}\n', "on line 2: Expecting ','"),
    ("jsonl", f'{{"a": 1}}\n\n["{SECRET}"]\n', "line 3: a JSON array, not an object"),
    ("jsonl", "[" * 100_000, "invalid JSON on line 1: nested too deeply"),
]  # fmt: skip


@pytest.mark.parametrize(("fmt", "data", "reason"), BROKEN_TABLES)
def test_malformed_table_quarantines_the_whole_file(fmt: str, data: str, reason: str) -> None:
    with pytest.raises(InputError) as err:
        read(fmt, data.encode())
    assert reason in err.value.message
    assert "Secreta" not in str(err.value)
    assert "Luis" not in str(err.value)


TICKETS = Source(
    name="tickets",
    root="tickets",
    columns={"customer.email": Column(role=ColumnRole.DIRECT_IDENTIFIER, entity="EMAIL_ADDRESS")},
    chat=ChatMapping(user=("subject", "body"), assistant="reply"),
)
JSONL = (
    '{"id": 17, "subject": "Login roto", "body": "Soy Ana García", "reply": "Hola Ana",'
    ' "customer": {"name": "Ana García", "email": "ana@acme.example", "meta": {"vip": true}},'
    ' "tags": ["login", "urgente"], "urgent": false, "closed": null, "language": "es"}\n'
    "\n"
    '{"subject": "Invoice", "body": "Where is it?", "reply": "Attached", "language": "Spanish"}\n'
)


def test_jsonl_rows_flatten_and_section_every_field() -> None:
    first, second = read("jsonl", JSONL.encode(), TICKETS)
    assert spans(first) == {
        "col:id": "17",
        "col:subject": "Login roto",
        "col:body": "Soy Ana García",
        "col:reply": "Hola Ana",
        "col:customer.name": "Ana García",
        "col:customer.email": "ana@acme.example",
        "col:customer.meta": '{"vip":true}',
        "col:tags": "login; urgente",
        "col:urgent": "false",
        "col:language": "es",
    }
    assert first.text.splitlines()[:2] == ["id: 17", "subject: Login roto"]
    assert (first.metadata, second.metadata) == ({"row": "1"}, {"row": "3"})
    assert (first.language, second.language) == ("es", None)
    assert first.id == document_id(source_file("jsonl", b""), "row=1")
    assert first.id != second.id
    assert {"col:subject", "col:body", "col:reply"} <= set(spans(second))
