from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.portal_home, name="home"),
    path("invitations/<str:token>/", views.invitation_detail, name="invitation"),
    path("<slug:slug>/", views.portal_member, name="member"),
    path("<slug:slug>/panels/<slug:key>/", views.portal_panel, name="panel"),
    path("<slug:slug>/team/invite/", views.team_invite, name="team_invite"),
    path("<slug:slug>/team/<int:person_id>/remove/", views.team_remove, name="team_remove"),
    path("<slug:slug>/participation/<int:year>.pdf", views.participation_pdf, name="participation_pdf"),
    path("<slug:slug>/invitations/<int:invitation_id>/revoke/", views.invitation_revoke, name="invitation_revoke"),
]
