"""Chat routes, included at the site root."""
from django.urls import path

from . import views

urlpatterns = [
    path("", views.chat_page, name="chat_page"),
    path("api/images/", views.upload_image, name="upload_image"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
]
