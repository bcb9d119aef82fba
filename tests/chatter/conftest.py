"""Helpers for Chatter tests."""

from chatter.services import thread_start


def start(cast, author="member_a", tlp="green", body="First post.", **options):
    return thread_start(
        author=cast.user(author), title=options.pop("title", "Boarding at Lagos"), body=body,
        tlp=tlp, **options,
    )  # fmt: skip
