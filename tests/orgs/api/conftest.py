from tests.campaigns.api.conftest import campaign, client_for, dd_campaign, people  # noqa: F401
