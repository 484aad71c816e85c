"""URLs of the cooperation area; added to the `programs` namespace by programs/urls.py.

Portal pages live under portal/cooperation/ so they can never clash with a member's portal page
(portal/<member slug>/)."""

from django.urls import path

from . import views as views

urlpatterns = [
    path("microrredes/", views.microrred_index, name="microrred_index"),
    path("microrredes/<slug:slug>/", views.microrred_public, name="microrred"),
    path("portal/cooperation/", views.cooperation_home, name="coop_home"),
    path("portal/cooperation/microrredes/<int:pk>/", views.microrred_portal, name="coop_microrred"),
    path("portal/cooperation/sessions/<int:pk>/attendance/", views.session_attendance, name="coop_attendance"),
    path("portal/cooperation/sessions/<int:pk>/session.ics", views.session_ics, name="coop_session_ics"),
    path("portal/cooperation/documents/<int:pk>/", views.document_download, name="coop_document"),
    path("portal/cooperation/mentorships/<int:pk>/", views.mentorship_portal, name="coop_mentorship"),
    path("portal/cooperation/pairings/<int:pk>/", views.pairing_portal, name="coop_pairing"),
]
