"""A data version for page caching, kept by PostgreSQL itself.

Statement-level triggers on every table the council pages read bump a counter, so any
change (ORM save, bulk update, raw SQL, TRUNCATE, admin) invalidates cached pages. The
counter is spread over 16 slots (one chosen by backend pid) so that concurrent writers
seldom wait for each other's row lock; the version is the sum of the slots, which only
ever grows, and is read with one cheap query.
"""

from django.db import migrations

TABLES = [
    "councils_council",
    "councils_council_successors",
    "councils_councilname",
    "letters_annualletter",
    "letters_servicecomplaintstats",
]

FORWARD = [
    """
    CREATE TABLE councils_data_version (
        slot smallint PRIMARY KEY CHECK (slot >= 0 AND slot < 16),
        counter bigint NOT NULL DEFAULT 0
    );
    INSERT INTO councils_data_version (slot, counter) SELECT g, 0 FROM generate_series(0, 15) g;
    """,
    """
    CREATE FUNCTION councils_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO councils_data_version AS v (slot, counter)
        VALUES (pg_backend_pid() % 16, 1)
        ON CONFLICT (slot) DO UPDATE SET counter = v.counter + 1;
        RETURN NULL;
    END
    $$;
    """,
    *[
        f"""
        CREATE TRIGGER {table}_bump_data_version
        AFTER INSERT OR UPDATE OR DELETE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION councils_bump_data_version();
        CREATE TRIGGER {table}_bump_data_version_truncate
        AFTER TRUNCATE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION councils_bump_data_version();
        """
        for table in TABLES
    ],
]

BACKWARD = [
    *[
        f"""
        DROP TRIGGER IF EXISTS {table}_bump_data_version ON {table};
        DROP TRIGGER IF EXISTS {table}_bump_data_version_truncate ON {table};
        """
        for table in TABLES
    ],
    "DROP FUNCTION IF EXISTS councils_bump_data_version();",
    "DROP TABLE IF EXISTS councils_data_version;",
]


class Migration(migrations.Migration):
    dependencies = [
        ("councils", "0001_initial"),
        ("letters", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(sql=FORWARD, reverse_sql=BACKWARD),
    ]
