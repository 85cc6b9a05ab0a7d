"""Raw SQL run by migrations per database vendor (triggers that PostgreSQL and SQLite spell
differently)."""

from django.db import migrations


def run_sql_per_vendor(
    *,
    postgresql: tuple[str, str],
    sqlite: tuple[list[str], list[str]],
) -> migrations.RunPython:
    """A migration operation running ``(forward, backward)`` SQL of the connection's vendor:
    one script for PostgreSQL, a list of statements for SQLite."""

    def statements(vendor: str, index: int) -> list[str]:
        if vendor == "postgresql":
            return [postgresql[index]]
        if vendor == "sqlite":
            return sqlite[index]
        return []

    def forward(apps, schema_editor):
        for statement in statements(schema_editor.connection.vendor, 0):
            schema_editor.execute(statement)

    def backward(apps, schema_editor):
        for statement in statements(schema_editor.connection.vendor, 1):
            schema_editor.execute(statement)

    return migrations.RunPython(forward, backward)
