from django.db import migrations

# The throttling counters live in PostgreSQL (DatabaseCache), shared by every worker process.


def create_cache_table(apps, schema_editor):
    from django.core.management import call_command

    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS licang_cache")


class Migration(migrations.Migration):
    dependencies = [("licang", "0001_partners_tokens_idempotency")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
