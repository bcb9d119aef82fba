"""factory_boy factories for organisations, accounts and shared notes."""

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from members.models import Membership, Organisation, User


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Shipping Company {n}")
    slug = factory.Sequence(lambda n: f"shipping-company-{n}")
    kind = Organisation.Kind.SHIPPING_COMPANY
    email_domains = factory.LazyAttribute(lambda o: [f"{o.slug}.example"])
    verified = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create:
            obj.save()
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    position = "cso"
    application_reason = "I keep our crews safe."
    role = "member"
    status = Membership.Status.APPROVED
    decided_at = factory.LazyFunction(timezone.now)


def member(organisation, role="member", status="approved", email=None) -> User:
    """An account in ``organisation`` with an address at its first email domain."""
    domain = organisation.email_domains[0] if organisation.email_domains else "example.org"
    email = email or f"{role}.{status}.{User.objects.count()}@{domain}"
    user = UserFactory(email=email, is_staff=role == "staff", is_superuser=role == "staff")
    MembershipFactory(user=user, organisation=organisation, role=role, status=status)
    return user
