from tests.documents.services.conftest import organiser_db  # noqa: F401
