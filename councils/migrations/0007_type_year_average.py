"""The type averages per (authority type, year) as a table kept by PostgreSQL
(councils.models.TypeYearAverage): one SQL function recomputes the pairs it is given, and
statement-level triggers with transition tables call it in the writing transaction for the
pairs each write touches:

- letters_annualletter: the pairs of the rows that count (current, not withdrawn) before or
  after the statement, of rows whose counted columns changed only (an update of a letter's
  text or warnings recomputes nothing);
- councils_council: a council whose type or population changed (or that was inserted or
  deleted) recomputes its current letters' years under its old and its new type;
- a TRUNCATE of either recomputes every pair.

Writers of the same pair wait for each other (a transaction-scoped advisory lock per pair,
taken before reading), so under READ COMMITTED the later one aggregates the earlier one's
committed letters. The SQL mirrors councils.selectors.averages.type_averages_computed, the
ORM reference that the tests and ``check_type_averages`` compare it with: change both
together (a migration redefining the function, then ``check_type_averages --refresh``)."""

from django.db import migrations, models

# What the averages read of a letter; an UPDATE that changes none of it recomputes nothing.
LETTER_COLUMNS = (
    "id, council_id, period_end, upheld_count, decisions_upheld, investigations,"
    " decisions_not_upheld, upheld_percent, compliance_percent, compliance_outcomes,"
    " remedies, remedy_basis, remedy_percent, upheld_per_100k, upheld_average_percent,"
    " compliance_average_percent, remedy_average_percent, upheld_average_per_100k"
)
COUNTS = "is_current AND withdrawn_at IS NULL"  # documents.current: current, never withdrawn
COUNCIL_COLUMNS = "id, authority_type, population"

AVERAGE_COLUMNS = """
    authority_type, year, letters,
    uphold_councils, upheld_total, investigated_total, uphold_pooled, uphold_mean,
    uphold_stated_low, uphold_stated_high, uphold_stated_letters,
    compliance_councils, compliance_pooled, compliance_mean,
    compliance_stated_low, compliance_stated_high, compliance_stated_letters,
    remedy_councils, remedies_total, remedy_basis_total, remedy_pooled, remedy_mean,
    remedy_stated_low, remedy_stated_high, remedy_stated_letters,
    per_100k_councils, per_100k_pooled, per_100k_mean,
    per_100k_stated_low, per_100k_stated_high, per_100k_stated_letters
"""
HAS_UPHOLD = "investigated_n > 0 AND upheld_n IS NOT NULL"
HAS_COMPLIANCE = "compliance_outcomes > 0 AND compliance_rate IS NOT NULL"
HAS_REMEDY = "remedies IS NOT NULL AND remedy_basis > 0"
HAS_POPULATION = "population > 0 AND upheld_n IS NOT NULL"


def pooled(numerator: str, denominator: str, where: str, scale: str = "100.0") -> str:
    return (
        f"sum({numerator}) FILTER (WHERE {where})::double precision * {scale}"
        f" / NULLIF(sum({denominator}) FILTER (WHERE {where})::double precision, 0.0)"
    )


def stated(column: str) -> str:
    return (
        f"min({column})::double precision, max({column})::double precision, count({column})"
    )


REFRESH = f"""
CREATE FUNCTION councils_refresh_type_year_averages(types text[], years integer[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    -- One writer of a pair at a time, locking in one order (two writers cannot deadlock).
    PERFORM pg_advisory_xact_lock(hashtext('councils_typeyearaverage'), hashtext(t || ':' || y))
    FROM (SELECT DISTINCT t, y FROM unnest(types, years) AS u (t, y) ORDER BY t, y) AS pairs;
    DELETE FROM councils_typeyearaverage AS a
    USING unnest(types, years) AS u (t, y)
    WHERE a.authority_type = u.t AND a.year = u.y;
    INSERT INTO councils_typeyearaverage ({AVERAGE_COLUMNS})
    WITH pairs AS (SELECT DISTINCT t, y FROM unnest(types, years) AS u (t, y)),
    figures AS (
        SELECT
            c.authority_type, p.y AS year, l.id, c.population,
            l.compliance_outcomes, l.remedies, l.remedy_basis,
            COALESCE(l.upheld_count, l.decisions_upheld) AS upheld_n,
            COALESCE(l.investigations, l.decisions_upheld + l.decisions_not_upheld)
                AS investigated_n,
            l.compliance_percent::double precision AS compliance_rate,
            COALESCE(
                COALESCE(l.upheld_count, l.decisions_upheld)::double precision * 100.0
                / NULLIF(COALESCE(l.investigations, l.decisions_upheld + l.decisions_not_upheld), 0),
                l.upheld_percent::double precision
            ) AS uphold_rate,
            COALESCE(
                l.remedies::double precision * 100.0 / NULLIF(l.remedy_basis, 0),
                l.remedy_percent::double precision
            ) AS remedy_rate,
            l.upheld_per_100k::double precision AS per_100k,
            l.upheld_average_percent, l.compliance_average_percent,
            l.remedy_average_percent, l.upheld_average_per_100k
        FROM letters_annualletter AS l
        JOIN councils_council AS c ON c.id = l.council_id
        JOIN pairs AS p ON p.t = c.authority_type
            AND l.period_end >= make_date(p.y, 1, 1) AND l.period_end < make_date(p.y + 1, 1, 1)
        WHERE l.is_current AND l.withdrawn_at IS NULL
    )
    SELECT
        authority_type, year, count(id),
        count(id) FILTER (WHERE uphold_rate IS NOT NULL),
        sum(upheld_n) FILTER (WHERE {HAS_UPHOLD}),
        sum(investigated_n) FILTER (WHERE {HAS_UPHOLD}),
        {pooled("upheld_n", "investigated_n", HAS_UPHOLD)},
        avg(uphold_rate),
        {stated("upheld_average_percent")},
        count(id) FILTER (WHERE compliance_rate IS NOT NULL),
        {pooled("compliance_rate * compliance_outcomes / 100.0", "compliance_outcomes",
                HAS_COMPLIANCE)},
        avg(compliance_rate),
        {stated("compliance_average_percent")},
        count(id) FILTER (WHERE remedy_rate IS NOT NULL),
        sum(remedies) FILTER (WHERE {HAS_REMEDY}),
        sum(remedy_basis) FILTER (WHERE {HAS_REMEDY}),
        {pooled("remedies", "remedy_basis", HAS_REMEDY)},
        avg(remedy_rate),
        {stated("remedy_average_percent")},
        count(id) FILTER (WHERE per_100k IS NOT NULL),
        {pooled("upheld_n", "population", HAS_POPULATION, scale="100000.0")},
        avg(per_100k),
        {stated("upheld_average_per_100k")}
    FROM figures
    GROUP BY authority_type, year;
END
$$;

CREATE FUNCTION councils_refresh_all_type_year_averages() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    -- Every pair held or with a current letter: a held one without letters goes.
    PERFORM councils_refresh_type_year_averages(array_agg(t), array_agg(y))
    FROM (
        SELECT authority_type AS t, year::integer AS y FROM councils_typeyearaverage
        UNION
        SELECT c.authority_type, EXTRACT(YEAR FROM l.period_end)::integer
        FROM letters_annualletter AS l JOIN councils_council AS c ON c.id = l.council_id
        WHERE l.is_current AND l.withdrawn_at IS NULL
    ) AS pairs
    HAVING count(*) > 0;
END
$$;
"""


def refresh_letters(rows: str) -> str:
    """Recompute the pairs of these letter rows (a query of council_id, period_end)."""
    return f"""
        PERFORM councils_refresh_type_year_averages(array_agg(t), array_agg(y))
        FROM (
            SELECT DISTINCT c.authority_type AS t, EXTRACT(YEAR FROM x.period_end)::integer AS y
            FROM ({rows}) AS x JOIN councils_council AS c ON c.id = x.council_id
        ) AS pairs
        HAVING count(*) > 0;
    """


def refresh_councils(rows: str) -> str:
    """Recompute the pairs of these councils' current letters (a query of id,
    authority_type) under the type each row gives."""
    return f"""
        PERFORM councils_refresh_type_year_averages(array_agg(t), array_agg(y))
        FROM (
            SELECT DISTINCT x.authority_type AS t, EXTRACT(YEAR FROM l.period_end)::integer AS y
            FROM ({rows}) AS x JOIN letters_annualletter AS l ON l.council_id = x.id
            WHERE l.is_current AND l.withdrawn_at IS NULL
        ) AS pairs
        HAVING count(*) > 0;
    """


def changed(columns: str, where: str = "TRUE") -> str:
    """The rows an UPDATE changed in these columns, before and after, among those where
    `where` holds."""
    return f"""
        (SELECT {columns} FROM old_rows WHERE {where}
         EXCEPT SELECT {columns} FROM new_rows WHERE {where})
        UNION ALL
        (SELECT {columns} FROM new_rows WHERE {where}
         EXCEPT SELECT {columns} FROM old_rows WHERE {where})
    """


TRIGGER_FUNCTIONS = f"""
CREATE FUNCTION councils_type_year_averages_letters() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        PERFORM councils_refresh_all_type_year_averages();
    ELSIF TG_OP = 'INSERT' THEN
        {refresh_letters(f"SELECT council_id, period_end FROM new_rows WHERE {COUNTS}")}
    ELSIF TG_OP = 'DELETE' THEN
        {refresh_letters(f"SELECT council_id, period_end FROM old_rows WHERE {COUNTS}")}
    ELSE
        {refresh_letters(changed(LETTER_COLUMNS, COUNTS))}
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION councils_type_year_averages_councils() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        PERFORM councils_refresh_all_type_year_averages();
    ELSIF TG_OP = 'INSERT' THEN
        {refresh_councils("SELECT id, authority_type FROM new_rows")}
    ELSIF TG_OP = 'DELETE' THEN
        {refresh_councils("SELECT id, authority_type FROM old_rows")}
    ELSE
        {refresh_councils(changed(COUNCIL_COLUMNS))}
    END IF;
    RETURN NULL;
END
$$;
"""


def triggers(table: str, function: str) -> str:
    """The four statement-level triggers of a table the averages read."""
    name = f"{table}_type_year_averages"
    call = f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
    return f"""
        CREATE TRIGGER {name}_insert AFTER INSERT ON {table}
            REFERENCING NEW TABLE AS new_rows {call};
        CREATE TRIGGER {name}_update AFTER UPDATE ON {table}
            REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows {call};
        CREATE TRIGGER {name}_delete AFTER DELETE ON {table}
            REFERENCING OLD TABLE AS old_rows {call};
        CREATE TRIGGER {name}_truncate AFTER TRUNCATE ON {table} {call};
    """


def drop_triggers(table: str) -> str:
    name = f"{table}_type_year_averages"
    return "".join(
        f"DROP TRIGGER IF EXISTS {name}_{op} ON {table};"
        for op in ("insert", "update", "delete", "truncate")
    )


TABLES = {
    "letters_annualletter": "councils_type_year_averages_letters",
    "councils_council": "councils_type_year_averages_councils",
}

FORWARD = [
    REFRESH,
    TRIGGER_FUNCTIONS,
    *(triggers(table, function) for table, function in TABLES.items()),
    "SELECT councils_refresh_all_type_year_averages();",
]
BACKWARD = [
    *(drop_triggers(table) for table in TABLES),
    "DROP FUNCTION IF EXISTS councils_type_year_averages_letters();",
    "DROP FUNCTION IF EXISTS councils_type_year_averages_councils();",
    "DROP FUNCTION IF EXISTS councils_refresh_all_type_year_averages();",
    "DROP FUNCTION IF EXISTS councils_refresh_type_year_averages(text[], integer[]);",
]


class Migration(migrations.Migration):

    dependencies = [
        ('councils', '0006_successors_and_officers_tracked'),
        ('letters', '0018_letters_withdrawn_not_deleted'),
    ]

    operations = [
        migrations.CreateModel(
            name='TypeYearAverage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('authority_type', models.CharField(choices=[('county', 'County Council'), ('district', 'District Council'), ('metropolitan-borough', 'Metropolitan Borough'), ('unitary', 'Unitary Council'), ('london-borough', 'London Borough')], max_length=24)),
                ('year', models.PositiveSmallIntegerField(help_text='The year the reporting period ends.')),
                ('letters', models.PositiveIntegerField(help_text='Current letters of this type and year.')),
                ('uphold_councils', models.PositiveIntegerField()),
                ('upheld_total', models.BigIntegerField(null=True)),
                ('investigated_total', models.BigIntegerField(null=True)),
                ('uphold_pooled', models.FloatField(null=True)),
                ('uphold_mean', models.FloatField(null=True)),
                ('uphold_stated_low', models.FloatField(null=True)),
                ('uphold_stated_high', models.FloatField(null=True)),
                ('uphold_stated_letters', models.PositiveIntegerField()),
                ('compliance_councils', models.PositiveIntegerField()),
                ('compliance_pooled', models.FloatField(null=True)),
                ('compliance_mean', models.FloatField(null=True)),
                ('compliance_stated_low', models.FloatField(null=True)),
                ('compliance_stated_high', models.FloatField(null=True)),
                ('compliance_stated_letters', models.PositiveIntegerField()),
                ('remedy_councils', models.PositiveIntegerField()),
                ('remedies_total', models.BigIntegerField(null=True)),
                ('remedy_basis_total', models.BigIntegerField(null=True)),
                ('remedy_pooled', models.FloatField(null=True)),
                ('remedy_mean', models.FloatField(null=True)),
                ('remedy_stated_low', models.FloatField(null=True)),
                ('remedy_stated_high', models.FloatField(null=True)),
                ('remedy_stated_letters', models.PositiveIntegerField()),
                ('per_100k_councils', models.PositiveIntegerField()),
                ('per_100k_pooled', models.FloatField(null=True)),
                ('per_100k_mean', models.FloatField(null=True)),
                ('per_100k_stated_low', models.FloatField(null=True)),
                ('per_100k_stated_high', models.FloatField(null=True)),
                ('per_100k_stated_letters', models.PositiveIntegerField()),
            ],
            options={
                'ordering': ['year', 'authority_type'],
                'constraints': [models.UniqueConstraint(fields=('authority_type', 'year'), name='type_year_average_once'), models.CheckConstraint(condition=models.Q(('letters__gt', 0)), name='type_year_average_has_letters')],
            },
        ),
        migrations.RunSQL(sql=FORWARD, reverse_sql=BACKWARD),
    ]
