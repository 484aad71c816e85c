from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("", views.home, name="home"),
    path("members/", views.directory, name="directory"),
    path("members/<slug:slug>/", views.member_detail, name="member"),
    path("networks/<slug:slug>/", views.territorial_network_detail, name="territorial_network"),
    path("search/", views.site_search, name="search"),
]
