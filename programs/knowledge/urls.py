"""URLs of the knowledge area; added to the `programs` namespace by programs/urls.py.

Portal pages live under portal/knowledge/…/ with at least two more segments, so they never hide a
member's portal page (portal/<slug>/ and its sub-pages belong to network.portal_urls)."""

from django.urls import path

from . import feeds
from . import views as views

urlpatterns = [
    path("webinars/", views.webinar_list, name="webinar_list"),
    path("webinars/feed.<str:fmt>", feeds.webinars, name="webinars_feed"),
    path("webinars/unsubscribe/<str:token>/", views.webinar_unsubscribe, name="webinar_unsubscribe"),
    path("webinars/<slug:slug>/", views.webinar_detail, name="webinar"),
    path("webinars/<slug:slug>/register/", views.webinar_register, name="webinar_register"),
    path("webinars/<slug:slug>/registered/", views.webinar_registered, name="webinar_registered"),
    path("webinars/<slug:slug>/calendar.ics", views.webinar_ics, name="webinar_ics"),
    path("practices/", views.practice_list, name="practice_list"),
    path("practices/feed.<str:fmt>", feeds.practices, name="practices_feed"),
    path("practices/<slug:slug>/", views.practice_detail, name="practice"),
    path("funding/", views.funding_list, name="funding_list"),
    path("funding/feed.<str:fmt>", feeds.funding, name="funding_feed"),
    path("portal/knowledge/cities/<slug:slug>/practices/", views.portal_practices, name="portal_practices"),
    path("portal/knowledge/cities/<slug:slug>/practices/new/", views.portal_practice_new, name="portal_practice_new"),
    path("portal/knowledge/practices/<int:pk>/", views.portal_practice_edit, name="portal_practice_edit"),
    path("portal/knowledge/practices/<int:pk>/submit/", views.portal_practice_submit, name="portal_practice_submit"),
    path("portal/knowledge/practices/<int:pk>/files/", views.portal_practice_file_add,
         name="portal_practice_file_add"),
    path("portal/knowledge/practices/<int:pk>/files/<int:file_id>/delete/", views.portal_practice_file_delete,
         name="portal_practice_file_delete"),
]
