"""Joining, end to end in Chromium: apply, verify the email, wait, get approved, work."""

import re
import time

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-sea-passage-42"


def wait_for_mail(subject_part: str, timeout: float = 20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in mail.outbox:
            if subject_part in message.subject:
                return message
        time.sleep(0.1)
    raise AssertionError(f"no mail with {subject_part!r}: {[m.subject for m in mail.outbox]}")


def log_in(page, email, password):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()


def test_apply_verify_wait_get_approved_and_log_in(new_page, cast, celery_worker):
    applicant = new_page()
    applicant.goto("/")
    applicant.get_by_role("link", name="Join now").first.click()
    expect(applicant).to_have_url(re.compile(r"/join/$"))
    applicant.get_by_label("Full name").fill("Jane Doe")
    applicant.get_by_label("Email").fill("jane@alpha.example")
    applicant.get_by_label("Position").select_option("cso")
    applicant.get_by_label("Company or organisation").fill("Alpha Tankers Ltd")
    applicant.get_by_label("Kind of organisation").select_option("shipping_company")
    applicant.get_by_label("Why do you want to join?").fill("CSO for twelve product tankers.")
    applicant.get_by_label("Password:", exact=True).fill(PASSWORD)
    applicant.get_by_label("Password (again)").fill(PASSWORD)
    applicant.get_by_role("button", name="Apply to join").click()
    expect(applicant.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()

    # The verification mail, read from the test outbox.
    verification = wait_for_mail("Confirm")
    assert verification.to == ["jane@alpha.example"]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", verification.body).group(0)
    applicant.goto(link)
    applicant.get_by_role("button", name="Confirm").click()

    # Verified, but pending: the applicant sees their application and nothing of members.
    expect(applicant.locator("#pending-notice")).to_contain_text("being vetted")
    expect(applicant.get_by_role("link", name="My application")).to_be_visible()
    assert applicant.goto("/organisations/alpha/").status == 404

    # The company's admin hears of it (by a real Celery worker) and approves it.
    notice = wait_for_mail("New application")
    assert notice.to == [cast.admin_a.email]
    admin = new_page()
    log_in(admin, cast.admin_a.email, "correct-horse-battery")
    admin.locator("[data-testid=menu-desk] summary").click()  # the desk's pages
    admin.get_by_role("link", name="Vetting").click()
    row = admin.get_by_role("row", name=re.compile("Jane Doe"))
    row.get_by_role("link", name="Decide").click()
    admin.get_by_label("Approve").check()
    admin.get_by_label("Reason").fill("Known to us: fleet CSO since 2019.")
    admin.get_by_role("button", name="Record decision").click()
    expect(admin.locator(".messages")).to_contain_text("approved")
    expect(admin.get_by_role("row", name=re.compile("Jane Doe"))).to_have_count(0)

    welcome = wait_for_mail("Welcome")
    assert welcome.to == ["jane@alpha.example"]

    # Logged in afresh, Jane is a member of Alpha Tankers.
    member = new_page()
    log_in(member, "jane@alpha.example", PASSWORD)
    expect(member.get_by_test_id("member-home")).to_contain_text("Jane Doe")
    member.get_by_role("link", name="My profile").click()
    expect(member.locator(".badge.approved")).to_have_text("Approved")
    member.get_by_role("link", name="Alpha Tankers").first.click()
    expect(member.get_by_role("heading", name="Alpha Tankers")).to_be_visible()
    expect(member.get_by_role("link", name="Jane Doe")).to_be_visible()
