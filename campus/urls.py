"""Public and portal URLs of campus; included at the site root by config/urls.py."""

from django.urls import path

from . import views

app_name = "campus"

urlpatterns = [
    path("campus/", views.catalogue, name="catalogue"),
    path("campus/strategies/", views.strategies, name="strategies"),
    path("campus/capsules/", views.capsule_list, name="capsules"),
    path("campus/capsules/<slug:slug>/done/", views.capsule_done, name="capsule_done"),
    path("campus/verify/", views.verify, name="verify"),
    path("campus/verify/<str:code>/", views.verify_code, name="verify_code"),
    path("campus/my-courses/", views.my_courses, name="my_courses"),
    path("campus/enrolments/<int:pk>/", views.enrolment_detail, name="enrolment"),
    path("campus/enrolments/<int:pk>/certificate.pdf", views.certificate_download, name="certificate"),
    path("campus/enrolments/<int:pk>/project/document/", views.project_document, name="project_document"),
    path("campus/enrolments/<int:pk>/<str:action>/", views.enrolment_action, name="enrolment_action"),
    path("campus/staff/scholarships/", views.staff_scholarships, name="staff_scholarships"),
    path("campus/<slug:slug>/", views.course_detail, name="course"),
    path("campus/<slug:slug>/<int:number>/enrol/", views.enrol, name="enrol"),
]
