"""Public and portal URLs of events; included at the site root by config/urls.py."""

from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("events/", views.event_list, name="calendar"),
    path("events/feed.ics", views.feed_all, name="feed"),
    path("events/networks/<slug:slug>/feed.ics", views.feed_network, name="network_feed"),
    path("events/my-calendar/", views.my_calendar, name="my_calendar"),
    path("events/registrations/", views.my_registrations, name="my_registrations"),
    path("events/registrations/<int:pk>/", views.registration_detail, name="registration"),
    path("events/registrations/<int:pk>/cancel/", views.registration_cancel, name="registration_cancel"),
    path("events/<slug:slug>/", views.event_detail, name="event"),
    path("events/<slug:slug>.ics", views.event_ics, name="event_ics"),
    path("events/<slug:slug>/register/", views.register, name="register"),
    path("calendar/<str:secret>.ics", views.personal_feed, name="personal_feed"),
    path("surveys/<str:token>/", views.survey, name="survey"),
]
