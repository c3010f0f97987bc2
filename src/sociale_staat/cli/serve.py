"""Command group serve: the dashboard and open API."""

from typing import Annotated

import typer

from sociale_staat.cli.options import (
    WarehouseOpt,
)

app = typer.Typer()


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Adres om op te luisteren.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Poort.")] = 8000,
    warehouse: WarehouseOpt = None,
) -> None:
    """Start het dashboard en de API (http://127.0.0.1:8000, API-beschrijving op /openapi.json).

    Voorbeeld: [bold]sociale-staat serve --port 8000[/bold]
    """
    import uvicorn

    from sociale_staat.web.app import create_app

    uvicorn.run(create_app(warehouse), host=host, port=port, log_level="warning")
