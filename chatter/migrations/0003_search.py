"""A post's search vector is kept by the database: a trigger computes it before every insert
and every update that changes its text."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations

# The trigger, as written when this migration was made.
TRIGGER_SQL = r"""
CREATE OR REPLACE FUNCTION chatter_post_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.search IS NOT NULL AND NEW.body IS NOT DISTINCT FROM OLD.body THEN
    RETURN NEW;
  END IF;
  NEW.search :=
    setweight(to_tsvector('english',
      coalesce((SELECT t.title FROM chatter_thread AS t WHERE t.id = NEW.thread_id), '')), 'A')
    || setweight(to_tsvector('english', coalesce(NEW.body, '')), 'B');
  RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS chatter_post_search ON chatter_post;
CREATE TRIGGER chatter_post_search BEFORE INSERT OR UPDATE ON chatter_post
  FOR EACH ROW EXECUTE FUNCTION chatter_post_search_vector();
"""

DROP_SQL = r"""
DROP TRIGGER IF EXISTS chatter_post_search ON chatter_post;
DROP FUNCTION IF EXISTS chatter_post_search_vector();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("chatter", "0002_flags"),
    ]

    operations = [
        migrations.AddField(
            model_name="post",
            name="search",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="post",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search"], name="post_search_gin"
            ),
        ),
        migrations.RunSQL(TRIGGER_SQL, DROP_SQL),
        # The posts written before: their vectors made now.
        migrations.RunSQL("UPDATE chatter_post SET body = body", migrations.RunSQL.noop),
    ]
