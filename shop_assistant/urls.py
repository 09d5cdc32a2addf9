"""HTTP routes: the chat page, uploads, health checks and the admin."""
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("shop_assistant.chat.urls")),
] + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
# Daphne serves the chat page's ES modules itself under DEBUG (the embedded default); behind a proxy in production
# the proxy serves STATIC_ROOT after `collectstatic`.
urlpatterns += static(settings.STATIC_URL, document_root=settings.STATIC_ROOT)
