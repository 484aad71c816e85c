from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include
from django.urls import path
from django.utils.translation import gettext_lazy as _

from network import privacy_views
from network import views as network_views

# The admin signs in through allauth, so staff get its login flows and two-factor (TOTP); a signed-in
# person who is not staff is sent to their portal with a word, not a 403 (network.views).
admin.site.login = network_views.admin_door(secure_admin_login(admin.site.login))
admin.site.site_header = _("Secretariat administration")
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = _("Network management")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("config.api")),
    path("accounts/my-data/", privacy_views.my_data, name="my_data"),
    path("accounts/my-data/exports/", privacy_views.my_data_exports, name="my_data_exports"),
    path("accounts/my-data/export/", privacy_views.my_data_export, name="my_data_export"),
    path("accounts/my-data/exports/<int:pk>/download/", privacy_views.my_data_download, name="my_data_download"),
    path("accounts/my-data/erase/", privacy_views.my_data_erase, name="my_data_erase"),
    path("accounts/preferences/", privacy_views.my_preferences, name="my_preferences"),
    path("accounts/", include("allauth.urls")),
    path("privacy/", privacy_views.privacy_page, name="privacy"),
    path("i18n/setlang/", privacy_views.set_language, name="set_language"),
    path("health/", network_views.health, name="health"),
    path("status/", network_views.status, name="status"),
    path("reports/", network_views.reports, name="reports"),
    path("reports/<int:year>/<str:language>.pdf", network_views.report_pdf, name="report_pdf"),
    path("about/", network_views.site_page, {"kind": "about"}, name="site_about"),
    path("contact/", network_views.site_page, {"kind": "contact"}, name="site_contact"),
    path("accessibility/", network_views.site_page, {"kind": "accessibility"}, name="site_accessibility"),
    path("favicon.ico", network_views.favicon),
    path("", include("programs.urls")),
    path("", include("campus.urls")),
    path("", include("events.urls")),  # before the portal's <slug> pages: it owns portal/applications/
    path("portal/", include("network.portal_urls")),
    path("", include("network.urls")),
]

if settings.BENCH:
    # The benchmark's reference page (base layout, no queries): every page is measured against it.
    from bench.views import reference as bench_reference

    urlpatterns.insert(0, path("bench/reference/", bench_reference, name="bench_reference"))

if settings.DEBUG:  # the demo server shows uploaded images (good practices); production serves MEDIA_ROOT itself
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
