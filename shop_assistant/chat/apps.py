from django.apps import AppConfig


class ChatConfig(AppConfig):
    name = "shop_assistant.chat"
    label = "chat"
    verbose_name = "Conversations"
