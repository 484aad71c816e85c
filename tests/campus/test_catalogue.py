"""What the campus shows as coming up: only editions of published courses."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from campus.selectors import upcoming_editions
from tests.campus.factories import EditionFactory

pytestmark = pytest.mark.django_db


def test_editions_of_an_unpublished_course_are_not_coming_up():
    soon, later = timezone.localdate() + timedelta(days=20), timezone.localdate() + timedelta(days=60)
    hidden = EditionFactory(starts_on=soon, ends_on=later)
    hidden.course.published = False
    hidden.course.save()
    shown = EditionFactory(starts_on=soon, ends_on=later)
    titles = [item.title for item in upcoming_editions()]
    assert str(shown) in titles and str(hidden) not in titles
