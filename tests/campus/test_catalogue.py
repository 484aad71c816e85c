"""What the campus shows as coming up: only editions of published courses."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils import translation

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


@pytest.mark.parametrize("language", ["en", "pt-br"])
def test_coming_up_names_each_course_in_the_readers_language_in_one_query(django_assert_num_queries, language):
    """Only the course's title and slug are read, in every language, so a reader of another
    language gets their title without a query per course."""
    soon, later = timezone.localdate() + timedelta(days=20), timezone.localdate() + timedelta(days=60)
    for n in range(3):
        edition = EditionFactory(starts_on=soon + timedelta(days=n), ends_on=later, number=2)
        edition.course.title_en = f"Public space {n}"
        edition.course.save()
    with translation.override(language), django_assert_num_queries(1):
        items = upcoming_editions()
        titles = [item.title for item in items]
        urls = [item.url for item in items]
    expected = "Public space" if language == "en" else "·"  # pt-br falls back to the Spanish title
    assert len(titles) == 3 and all(expected in title for title in titles)
    assert all(url.startswith("/campus/") and url.endswith("#edition-2") for url in urls)
