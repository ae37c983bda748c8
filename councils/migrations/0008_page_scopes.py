"""Versions per scope for the page cache (complaints_site/cache.py), kept by PostgreSQL.

Beside the one data version of 0002 (any change anywhere: the lists' pages), a counter per
scope: ``council:<id>`` for what one council's page shows of it, ``type:<slug>`` for what
every page of a type depends on (its averages, its comparison, the peers of its councils),
``register`` for the councils' addresses, types and register codes (what a page works out
its own scopes from), and ``everything`` (a TRUNCATE, which says no rows: it moves
``register`` on too). Statement-level
triggers with transition tables bump them in the writing transaction, by whatever route
the rows change (ORM, bulk update, raw SQL, admin, a register reload):

- a row of a table that names its council (names, letters, service rows, reports, report
  years, search documents and passages): that council and its type;
- a correction: the council and type of the letter, report year or service row it corrects;
- a succession: both councils (each page names the other);
- a type's averages (councils/0007's table, kept by triggers on letters; also refreshed
  by hand): that type (and the data version of 0002, which it had no trigger for);
- a council whose row changed (a no-op UPDATE, as a register reload makes, changes
  nothing): itself, its old and new type, the councils succeeding or preceded by it, and
  ``register`` when its address, type or register code changed (or it came or went).

Like 0002's, each scope's counter is spread over 16 slots (the backend's pid picks one),
so concurrent writers seldom wait on one row; a version is the sum of its slots and only
ever grows. The 0002 trigger of each table fires first (triggers fire in name order) and
locks the writer's slot of the data version: two transactions that share a slot are
serialised there before either locks a scope row, and two that do not share one never
touch the same rows, so scope rows cannot deadlock. Within a statement, rows are locked in
scope order."""

from django.db import migrations

BY_COUNCIL_ID = [
    "councils_councilname",
    "letters_annualletter",
    "letters_servicecomplaintstats",
    "letters_councilreport",
    "letters_councilreportyear",
    "search_document",
    "search_passage",
]
SPECIAL = [
    "councils_council",
    "councils_council_successors",
    "letters_correction",
    "councils_typeyearaverage",
]
TABLES = [*SPECIAL, *BY_COUNCIL_ID]

FUNCTIONS = [
    """
    CREATE TABLE councils_page_version (
        scope varchar(120) NOT NULL,
        slot smallint NOT NULL CHECK (slot >= 0 AND slot < 16),
        counter bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (scope, slot)
    );
    """,
    """
    CREATE FUNCTION councils_bump_page_scopes(scopes text[]) RETURNS void
    LANGUAGE sql AS $$
        INSERT INTO councils_page_version AS v (scope, slot, counter)
        SELECT DISTINCT s, (pg_backend_pid() % 16)::smallint, 1
        FROM unnest(scopes) AS s WHERE s IS NOT NULL
        ORDER BY 1
        ON CONFLICT (scope, slot) DO UPDATE SET counter = v.counter + 1;
    $$;
    """,
    """
    CREATE FUNCTION councils_council_scopes(ids bigint[]) RETURNS text[]
    LANGUAGE sql STABLE AS $$
        SELECT coalesce(array_agg(s), '{}') FROM (
            SELECT 'council:' || id AS s FROM unnest(ids) AS id WHERE id IS NOT NULL
            UNION
            SELECT 'type:' || authority_type FROM councils_council WHERE id = ANY(ids)
        ) AS scopes;
    $$;
    """,
    """
    CREATE FUNCTION councils_page_scopes_truncate() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM councils_bump_page_scopes(ARRAY['everything', 'register']);
        RETURN NULL;
    END
    $$;
    """,
    # The scopes a statement touched: TG_ARGV[0] is a query over its rows (%1$s: the
    # inserted, the deleted, or both sides of an update) that returns them.
    """
    CREATE FUNCTION councils_page_scopes_of() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        touched text := CASE TG_OP
            WHEN 'INSERT' THEN 'new_rows'
            WHEN 'DELETE' THEN 'old_rows'
            ELSE '(SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows)'
        END;
        scopes text[];
    BEGIN
        EXECUTE format(TG_ARGV[0], touched) INTO scopes;
        PERFORM councils_bump_page_scopes(scopes);
        RETURN NULL;
    END
    $$;
    """,
    """
    CREATE FUNCTION councils_correction_councils(rows_letter bigint[], rows_year bigint[],
                                                 rows_service bigint[]) RETURNS bigint[]
    LANGUAGE sql STABLE AS $$
        SELECT array_agg(DISTINCT council_id) FROM (
            SELECT council_id FROM letters_annualletter WHERE id = ANY(rows_letter)
            UNION SELECT council_id FROM letters_councilreportyear WHERE id = ANY(rows_year)
            UNION SELECT council_id FROM letters_servicecomplaintstats
                WHERE id = ANY(rows_service)
        ) AS touched;
    $$;
    """,
    # The type averages (councils/0007) are kept by triggers on letters, which move the
    # type on already; a refresh by hand or raw SQL must too.
    # The data version of 0002 for the same table: the home page and the list show them.
    """
    CREATE TRIGGER councils_typeyearaverage_bump_data_version
    AFTER INSERT OR UPDATE OR DELETE ON councils_typeyearaverage
    FOR EACH STATEMENT EXECUTE FUNCTION councils_bump_data_version();
    CREATE TRIGGER councils_typeyearaverage_bump_data_version_truncate
    AFTER TRUNCATE ON councils_typeyearaverage
    FOR EACH STATEMENT EXECUTE FUNCTION councils_bump_data_version();
    """,
    # A council's own row: only rows that really changed count (a register reload saves
    # every council, changed or not).
    """
    CREATE FUNCTION councils_page_scopes_council() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        ids bigint[];
        types text[];
        moved boolean;
    BEGIN
        IF TG_OP = 'INSERT' THEN
            SELECT array_agg(id), array_agg(authority_type), count(*) > 0
            INTO ids, types, moved FROM new_rows;
        ELSIF TG_OP = 'DELETE' THEN
            SELECT array_agg(id), array_agg(authority_type), count(*) > 0
            INTO ids, types, moved FROM old_rows;
        ELSE
            SELECT array_agg(o.id),
                   array_agg(o.authority_type) || array_agg(n.authority_type),
                   coalesce(bool_or((o.slug, o.authority_type, o.register_code)
                       IS DISTINCT FROM (n.slug, n.authority_type, n.register_code)), false)
            INTO ids, types, moved
            FROM old_rows AS o JOIN new_rows AS n ON n.id = o.id
            WHERE o IS DISTINCT FROM n;
        END IF;
        IF ids IS NULL THEN
            RETURN NULL;
        END IF;
        -- The councils succeeding it or preceded by it name it on their pages.
        ids := ids || ARRAY(
            SELECT to_council_id FROM councils_council_successors
            WHERE from_council_id = ANY(ids)
            UNION
            SELECT from_council_id FROM councils_council_successors
            WHERE to_council_id = ANY(ids)
        );
        PERFORM councils_bump_page_scopes(
            councils_council_scopes(ids)
            || ARRAY(SELECT 'type:' || t FROM unnest(types) AS t)
            || CASE WHEN moved THEN ARRAY['register'] ELSE '{}'::text[] END
        );
        RETURN NULL;
    END
    $$;
    """,
]

# What each table's rows touch: a query for councils_page_scopes_of over ``%1$s``.
OF_COUNCILS = "SELECT councils_council_scopes({}) FROM %1$s AS r"
SCOPES_OF = {
    "councils_council_successors": OF_COUNCILS.format(
        "array_agg(from_council_id) || array_agg(to_council_id)"
    ),
    "letters_correction": OF_COUNCILS.format(
        "councils_correction_councils("
        "array_agg(letter_id), array_agg(report_year_id), array_agg(service_row_id))"
    ),
    "councils_typeyearaverage": "SELECT array_agg(''type:'' || authority_type) FROM %1$s AS r",
    **{table: OF_COUNCILS.format("array_agg(council_id)") for table in BY_COUNCIL_ID},
}


def trigger_function(table: str) -> str:
    if table == "councils_council":
        return "councils_page_scopes_council()"
    return f"councils_page_scopes_of('{SCOPES_OF[table]}')"


def triggers(table: str, function: str) -> str:
    # A trigger with transition tables fires on one event only: three, and TRUNCATE.
    return f"""
    CREATE TRIGGER {table}_page_scopes_insert AFTER INSERT ON {table}
        REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION {function};
    CREATE TRIGGER {table}_page_scopes_update AFTER UPDATE ON {table}
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION {function};
    CREATE TRIGGER {table}_page_scopes_delete AFTER DELETE ON {table}
        REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION {function};
    CREATE TRIGGER {table}_page_scopes_truncate AFTER TRUNCATE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION councils_page_scopes_truncate();
    """


FORWARD = [*FUNCTIONS, *(triggers(table, trigger_function(table)) for table in TABLES)]
BACKWARD = [
    *(
        "".join(
            f"DROP TRIGGER IF EXISTS {table}_page_scopes_{event} ON {table};"
            for event in ("insert", "update", "delete", "truncate")
        )
        for table in TABLES
    ),
    "DROP TRIGGER IF EXISTS councils_typeyearaverage_bump_data_version"
    " ON councils_typeyearaverage;",
    "DROP TRIGGER IF EXISTS councils_typeyearaverage_bump_data_version_truncate"
    " ON councils_typeyearaverage;",
    "DROP FUNCTION IF EXISTS councils_page_scopes_council();",
    "DROP FUNCTION IF EXISTS councils_correction_councils(bigint[], bigint[], bigint[]);",
    "DROP FUNCTION IF EXISTS councils_page_scopes_of();",
    "DROP FUNCTION IF EXISTS councils_page_scopes_truncate();",
    "DROP FUNCTION IF EXISTS councils_council_scopes(bigint[]);",
    "DROP FUNCTION IF EXISTS councils_bump_page_scopes(text[]);",
    "DROP TABLE IF EXISTS councils_page_version;",
]


class Migration(migrations.Migration):
    dependencies = [
        ("councils", "0007_type_year_average"),
        ("letters", "0018_letters_withdrawn_not_deleted"),
        ("reports", "0003_reports_withdrawn_not_deleted"),
        ("search", "0001_initial"),
    ]

    operations = [migrations.RunSQL(sql=FORWARD, reverse_sql=BACKWARD)]
