"""URLs of the calls engine; added to the `programs` namespace by programs/urls.py."""

from django.urls import path

from .views import applying
from .views import portal
from .views import public

urlpatterns = [
    path("portal/applications/", portal.my_applications, name="my_applications"),
    path("portal/endorsements/<str:reference>/", portal.endorsement, name="endorsement"),
    path("calls/", public.call_list, name="call_list"),
    path("calls/feed.json", public.calls_json, name="calls_json"),
    path("calls/deadlines.ics", public.calls_ics, name="calls_ics"),
    path("calls/<slug:slug>/", public.call_detail, name="call"),
    path("calls/<slug:slug>/apply/", applying.application_start, name="apply"),
    path("applications/<str:reference>/", applying.application_detail, name="application"),
    path("applications/<str:reference>/edit/", applying.application_edit, name="application_edit"),
    path("applications/<str:reference>/autosave/", applying.application_autosave, name="application_autosave"),
    path("applications/<str:reference>/submit/", applying.application_submit, name="application_submit"),
    path("applications/<str:reference>/withdraw/", applying.application_withdraw, name="application_withdraw"),
    path("applications/<str:reference>/receipt.pdf", applying.application_pdf, name="application_pdf"),
    path("applications/<str:reference>/documents/", applying.document_upload, name="document_upload"),
    path("applications/<str:reference>/documents/<int:document_id>/", applying.document_download,
         name="document"),
    path("applications/<str:reference>/documents/<int:document_id>/delete/", applying.document_delete,
         name="document_delete"),
]
