"""Public read-only pages read from a PostgreSQL read replica when DATABASE_REPLICA_URL is set.

core.middleware.PublicReadMiddleware marks a GET/HEAD request to one of PUBLIC_READ_ROUTES; while it runs, this
router sends the ORM's reads to the "replica" database. Every write, and every read of any other request, goes to
the primary ("default"). A replica a moment behind only makes a public page a moment older.
"""

import contextvars

PUBLIC_READ_ROUTES = frozenset(
    {
        "vote-page",
        "vote-photo",
        "api-vote-page",
        "publicity-public",
        "publicity-notice",
        "publicity-poster",
        "publicity-photo",
        "api-public-publication-notice",
        "api-public-publication-poster",
        "stars-board",
        "stars-window",
        "api-programme-board",
        "awards-verify",
        "api-verify",
        "awards-honours",
    }
)
public_read = contextvars.ContextVar("public_read", default=False)


class PublicReadRouter:
    def db_for_read(self, model, **hints):
        return "replica" if public_read.get() else None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
