"""On PostgreSQL, vote rows cannot be updated or deleted: invalidation is a separate row."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION voting_vote_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'voting_vote is append-only (invalidate a vote instead of changing it)';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER voting_vote_append_only BEFORE UPDATE OR DELETE ON voting_vote
    FOR EACH ROW EXECUTE FUNCTION voting_vote_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS voting_vote_append_only ON voting_vote;
DROP FUNCTION IF EXISTS voting_vote_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("voting", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
