"""Command group serve: the dashboard and open API."""

from typing import Annotated

import typer

from sociale_staat.cli.options import (
    WarehouseOpt,
)
from sociale_staat.core import settings

app = typer.Typer()


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Adres om op te luisteren.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Poort.")] = 8000,
    workers: Annotated[
        int | None,
        typer.Option(min=1, max=64, help="Werkprocessen (standaard SOCIALE_STAAT_WORKERS)."),
    ] = None,
    warehouse: WarehouseOpt = None,
) -> None:
    """Start het dashboard en de API (http://127.0.0.1:8000, API-beschrijving op /openapi.json).

    Voorbeeld: [bold]sociale-staat serve --port 8000 --workers 2[/bold]
    """
    import os

    import uvicorn

    count = workers or settings.get_int("workers")
    if warehouse is not None:  # each worker process opens the warehouse named by the setting
        os.environ["SOCIALE_STAAT_WAREHOUSE"] = str(warehouse.resolve())
    uvicorn.run(
        "sociale_staat.web.app:factory",
        factory=True,
        host=host,
        port=port,
        workers=count,
        log_level="warning",
        server_header=False,
    )
