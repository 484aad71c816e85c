from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.db import transaction

from network.models import Member
from network.models import User
from tests.factories import DuesFactory
from tests.factories import MemberFactory
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_dues_second_row_for_same_member_and_year_is_refused():
    dues = DuesFactory(year=2025)
    with pytest.raises(IntegrityError), transaction.atomic():
        DuesFactory(member=dues.member, year=2025)


def test_dues_negative_amount_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        DuesFactory(amount=Decimal("-1.00"))


def test_member_population_zero_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberFactory(population=0)


def test_member_coordinates_need_both_latitude_and_longitude():
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberFactory(latitude=Decimal("4.6"), longitude=None)


def test_person_email_is_unique_ignoring_case():
    PersonFactory(email="ana@bogota.gov.co")
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonFactory(email="Ana@Bogota.gov.co")


def test_people_without_email_do_not_collide():
    PersonFactory(email="")
    PersonFactory(email="")
    assert PersonFactory._meta.model.objects.filter(email="").count() == 2


def test_member_search_text_is_accent_free_and_includes_country_names():
    member = MemberFactory(name="São Paulo", country="BR")
    member.refresh_from_db()
    assert "sao paulo" in member.search_text
    assert "brasil" in member.search_text  # Spanish and Portuguese name of the country
    assert "brazil" in member.search_text  # English name


def test_member_search_text_follows_a_renamed_member():
    member = MemberFactory(name="Bogota")
    member.name = "Bogotá D.C."
    member.save(update_fields=["name"])
    assert Member.objects.get(pk=member.pk).search_text.startswith("bogota d.c.")


def test_user_is_created_with_lowercase_email_and_no_username():
    user = User.objects.create_user("Tecnica@Quito.gob.ec", "pw-123456789")
    assert user.email == "tecnica@quito.gob.ec"
    assert not hasattr(user, "username")
    assert user.check_password("pw-123456789")
