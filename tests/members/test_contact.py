"""Contact us: stored, mailed to staff by a worker, rate limited, and hard for robots."""

import time

import pytest
from django.core import mail
from django.urls import reverse

from members.forms import ContactForm
from members.models import ContactMessage

pytestmark = pytest.mark.django_db


def started(seconds_ago: int = 10) -> str:
    return ContactForm.signer.sign(str(int(time.time()) - seconds_ago))


def message(**overrides):
    data = {
        "name": "Ann Lee",
        "email": "ann@example.org",
        "organisation": "Delta Shipping",
        "subject": "Membership",
        "message": "Can our DPA join too?",
        "website": "",
        "started": started(),
    }
    data.update(overrides)
    return data


def test_a_message_is_stored_and_mailed_to_staff(client, cast, celery_worker):
    response = client.post(reverse("contact"), message())
    assert response.status_code == 302
    stored = ContactMessage.objects.get()
    assert stored.subject == "Membership"
    assert stored.ip_address == "127.0.0.1"
    deadline = time.monotonic() + 15
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [m.to for m in mail.outbox] == [[cast.staff.email]]
    assert "Can our DPA join too?" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        (lambda: {"website": "http://spam.example"}, "website"),
        (lambda: {"started": "forged"}, "started"),
        (lambda: {"started": started(seconds_ago=0)}, "started"),
        (lambda: {"started": started(seconds_ago=60 * 60 * 7)}, "started"),
        (lambda: {"email": "not-an-address"}, "email"),
        (lambda: {"message": "x" * 5001}, "message"),
        (lambda: {"subject": ""}, "subject"),
    ],
    ids=["honeypot", "forged", "too-quick", "expired", "email", "too-long", "no-subject"],
)
def test_bad_or_robotic_messages_are_refused(client, db, overrides, field):
    response = client.post(reverse("contact"), message(**overrides()))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not ContactMessage.objects.exists()


def test_messages_are_rate_limited_per_address(client, db, settings):
    settings.CONTACT_RATE = "2/h"
    for _ in range(2):
        assert client.post(reverse("contact"), message()).status_code == 302
    response = client.post(reverse("contact"), message())
    assert response.status_code == 429
    assert ContactMessage.objects.count() == 2
