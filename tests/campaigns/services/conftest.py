from tests.documents.services.conftest import campaign, organiser  # noqa: F401
