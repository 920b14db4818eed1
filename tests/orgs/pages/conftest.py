from tests.campaigns.pages.conftest import campaign, login, people  # noqa: F401
