"""`sociale-staat db`: the app database's migrations, for a deployment's release step."""

import typer

from sociale_staat.cli.output import console

db_app = typer.Typer(
    help="App-database (SQLite of PostgreSQL): schema bijwerken en bekijken.", no_args_is_help=True
)


@db_app.command("migrate")
def migrate() -> None:
    """Breng het schema van de app-database bij (SOCIALE_STAAT_APP_DB); veilig om te herhalen.

    Voorbeeld: [bold]SOCIALE_STAAT_APP_DB=postgresql://… sociale-staat db migrate[/bold]
    """
    from sociale_staat.appdb.database import AppDatabase

    db = AppDatabase(migrate=False)
    try:
        applied = db.migrate()
        for name in applied:
            console.print(f"toegepast: {name}", highlight=False)
        console.print(
            f"{db.where}: schema bij ({len(db.applied())} migraties, {len(applied)} nieuw)",
            highlight=False,
        )
    finally:
        db.close()


@db_app.command("status")
def status() -> None:
    """Welke migraties zijn toegepast en welke nog niet.

    Voorbeeld: [bold]sociale-staat db status[/bold]
    """
    from sociale_staat.appdb.database import AppDatabase, migrations

    db = AppDatabase(migrate=False)
    try:
        db.migrate_table()
        done = set(db.applied())
        for migration in migrations(db.dialect):
            mark = "toegepast" if migration.version in done else "open     "
            console.print(f"{mark} {migration.version:04d}_{migration.name}", highlight=False)
    finally:
        db.close()
