"""The programs app's URLs, one namespace (`programs:`) for its three rooms."""

from programs.calls.urls import urlpatterns as calls
from programs.cooperation.urls import urlpatterns as cooperation
from programs.knowledge.urls import urlpatterns as knowledge

app_name = "programs"

urlpatterns = [*calls, *cooperation, *knowledge]
