"""``{% posts_html posts thread %}``: a page of posts, written here rather than by a template
included once per post. A thread's page shows fifty; the template engine took some 28 ms of
a page's 72 to write them (``make bench``), this takes a few. Every value goes through
``format_html``, so everything is escaped but the post's sanitised HTML."""

from __future__ import annotations

from urllib.parse import quote

from django import template
from django.template.defaultfilters import date
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime

register = template.Library()


def _joined(parts) -> SafeString:
    """Pieces written here, one a line (each escaped as it was written)."""
    return format_html_join("\n", "{}", ((part,) for part in parts))


def _form(action: str, csrf: str, label: str, extra: SafeString = "") -> SafeString:
    return format_html(
        '<form method="post" action="{}"><input type="hidden" name="csrfmiddlewaretoken" '
        'value="{}">{}<button type="submit" class="link">{}</button></form>',
        action,
        csrf,
        extra,
        label,
    )


def _head(shown, thread, start_url: str) -> SafeString:
    post = shown.post
    author = post.created_by
    parts = [format_html("<strong>{}</strong>", author.full_name or "A member")]
    organisation = getattr(getattr(author, "membership", None), "organisation", None)
    if organisation:
        parts.append(format_html('<span class="help">{}</span>', organisation.name))
    if shown.may_message:
        parts.append(
            format_html(
                '<a class="help" href="{}?tlp=red&amp;recipients=%40{}" data-testid="message" '
                'title="A private conversation (TLP:RED) with {}">Message</a>',
                start_url,
                quote(author.handle, safe="/"),
                author.full_name or "this member",
            )
        )
    parts.append(
        format_html(
            '<a class="help" href="?post={0}#post-{0}">#{0} \u00b7 {1} UTC</a>',
            post.number,
            date(template_localtime(post.created_at), "j M Y H:i"),
        )
    )
    if post.edited_at:
        history = reverse("chatter:history", args=[post.pk])
        parts.append(format_html('<a class="help" href="{}">edited, see history</a>', history))
    if thread.answer_id == post.pk:
        parts.append(mark_safe('<span class="badge approved">The answer</span>'))
    return format_html('<header class="post-head">{}</header>', _joined(parts))


def _body(shown, viewer, csrf: str, answer_url: str) -> SafeString:
    post = shown.post
    if post.deleted_at:
        said = mark_safe('<p class="help"><em>This post was deleted.</em></p>')
        if viewer.is_staff:
            said += _form(reverse("chatter:restore", args=[post.pk]), csrf, "Restore")
        return said
    if shown.hidden:
        return format_html(
            '<p class="help" data-testid="hidden-post"><em>This post is hidden: {}</em></p>',
            post.hidden_reason or "the editors are reviewing it",
        )
    parts = []
    if post.hidden_at:
        parts.append(
            format_html(
                '<p class="errors" role="note">Hidden from other readers: {}</p>',
                post.hidden_reason,
            )
        )
    parts.append(format_html('<div class="post-body">{}</div>', mark_safe(shown.html)))  # noqa: S308 (sanitised when kept, cards put in by chatter.cards)
    actions = []
    if shown.may_change:
        edit = reverse("chatter:edit", args=[post.pk])
        actions.append(format_html('<a href="{}">Edit</a>', edit))
        actions.append(_form(reverse("chatter:delete", args=[post.pk]), csrf, "Delete"))
    elif shown.may_flag:
        flag = reverse("chatter:flag", args=[post.pk])
        actions.append(format_html('<a href="{}" rel="nofollow">Flag</a>', flag))
    if shown.may_hide:
        hide = reverse("chatter:hide", args=[post.pk])
        actions.append(format_html('<a href="{}" rel="nofollow">Hide</a>', hide))
    if shown.may_answer:
        number = format_html('<input type="hidden" name="post" value="{}">', post.number)
        actions.append(_form(answer_url, csrf, "Mark as the answer", number))
    parts.append(format_html('<div class="post-actions">{}</div>', _joined(actions)))
    return _joined(parts)


@register.simple_tag(takes_context=True)
def posts_html(context, posts, thread) -> SafeString:
    """Each post as its reader may see it (``chatter.selectors.Shown``), in a list item."""
    viewer = context["viewer"]
    csrf = str(context.get("csrf_token", ""))
    start_url = reverse("chatter:start")
    answer_url = reverse("chatter:answer", args=[thread.pk])
    items = []
    for shown in posts:
        post = shown.post
        classes = "post" + (" deleted" if post.deleted_at else "")
        classes += (" hidden" if post.hidden_at else "") + (
            " answer" if thread.answer_id == post.pk else ""
        )
        items.append(
            format_html(
                '<li class="{}" id="post-{}" data-testid="post" data-number="{}">{}{}</li>',
                classes,
                post.number,
                post.number,
                _head(shown, thread, start_url),
                _body(shown, viewer, csrf, answer_url),
            )
        )
    return _joined(items)
