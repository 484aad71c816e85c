

@pytest.mark.django_db
def test_editions_of_an_unpublished_course_are_not_coming_up(client):
    from datetime import timedelta

    from django.utils import timezone

    from campus.selectors import upcoming_editions
    from tests.campus.factories import EditionFactory

    hidden = EditionFactory(starts_on=timezone.localdate() + timedelta(days=20),
                            ends_on=timezone.localdate() + timedelta(days=60))
    hidden.course.published = False
    hidden.course.save()
    shown = EditionFactory(starts_on=timezone.localdate() + timedelta(days=20),
                           ends_on=timezone.localdate() + timedelta(days=60))
    titles = [item.title for item in upcoming_editions()]
    assert str(shown) in titles and str(hidden) not in titles
