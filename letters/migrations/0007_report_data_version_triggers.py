"""Council reports change what council pages show: bump the page-cache data version on
any change to them, as councils/0002_data_version does for letters."""

from django.db import migrations

TABLES = ["letters_councilreport", "letters_councilreportyear"]

FORWARD = [
    f"""
    CREATE TRIGGER {table}_bump_data_version
    AFTER INSERT OR UPDATE OR DELETE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION councils_bump_data_version();
    CREATE TRIGGER {table}_bump_data_version_truncate
    AFTER TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION councils_bump_data_version();
    """
    for table in TABLES
]
BACKWARD = [
    f"""
    DROP TRIGGER IF EXISTS {table}_bump_data_version ON {table};
    DROP TRIGGER IF EXISTS {table}_bump_data_version_truncate ON {table};
    """
    for table in TABLES
]


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0006_council_reports"),
        ("councils", "0002_data_version"),
    ]

    operations = [migrations.RunSQL(sql=FORWARD, reverse_sql=BACKWARD)]
