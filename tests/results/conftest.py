import pytest


@pytest.fixture
def small(admin_user, make_user):
    """Six candidates of one category (expert-only default scheme, no sheets: ties broken by submission order, so the
    ranking is the creation order), an organiser, a leading-group member and a supervisor."""
    from pingxuan.voting import demo

    world = demo.build(admin=admin_user, code="rs", candidates=6)
    root = world["root"]
    world["leader"] = make_user(root, "leader", by=admin_user, username="rs-leader")
    world["supervisor"] = make_user(root, "supervisor", by=admin_user, username="rs-supervisor")
    world["category"] = world["categories"][0]
    world["noms"] = world["candidates"]["window"]
    return world
