from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "shop_assistant.catalog"
    label = "catalog"
    verbose_name = "Catalog"
