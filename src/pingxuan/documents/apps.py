from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "pingxuan.documents"
    label = "documents"
    verbose_name = "文书"
