"""What a post names, kept with it: incident references and words shaped like port codes,
found in its Markdown as markdown-it reads it. Posts written before are read once here, with
the reading written out below (the app's code may change; this migration may not)."""

import re

import django.contrib.postgres.fields
from django.db import migrations, models
from markdown_it import MarkdownIt

REFERENCE = re.compile(r"\bCSOA-\d{4}-\d{4,6}\b")
PORT_CODE = re.compile(r"\b[A-Z]{2}[A-Z0-9]{3}(?:-ANCH)?\b")


def _found(parser, source):
    if "CSOA" not in source and not PORT_CODE.search(source):
        return [], []
    references, codes = set(), set()
    for block in parser.parse(source):
        if block.type != "inline" or not block.children:
            continue
        in_link = 0
        for token in block.children:
            if token.type == "link_open":
                in_link += 1
                for name in ("href", "title"):
                    references |= set(REFERENCE.findall(str(token.attrGet(name) or "")))
            elif token.type == "link_close":
                in_link = max(0, in_link - 1)
            elif token.type == "text" and not in_link:
                references |= set(REFERENCE.findall(token.content))
                codes |= set(PORT_CODE.findall(token.content))
    return sorted(references), sorted(codes)


def read_posts(apps, schema_editor):
    post_model = apps.get_model("chatter", "Post")
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False})
    parser.enable(["table", "strikethrough"]).disable("image")
    named = post_model.objects.filter(body__regex=r"CSOA|[A-Z]{2}[A-Z0-9]{3}")
    for post in named.only("pk", "body").iterator(chunk_size=500):
        references, codes = _found(parser, post.body)
        if references or codes:
            post_model.objects.filter(pk=post.pk).update(references=references, place_codes=codes)


class Migration(migrations.Migration):
    dependencies = [("chatter", "0011_polls")]

    operations = [
        migrations.AddField(
            model_name="post",
            name="place_codes",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(max_length=12), blank=True, default=list, size=None
            ),
        ),
        migrations.AddField(
            model_name="post",
            name="references",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(max_length=20), blank=True, default=list, size=None
            ),
        ),
        migrations.RunPython(read_posts, migrations.RunPython.noop),
    ]
