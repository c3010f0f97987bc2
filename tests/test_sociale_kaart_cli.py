"""`sociale-staat diensten import|zoek|export` as a user runs it (a subprocess)."""

import json
import os
import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "hsds"
CLI = str(Path(sys.executable).parent / "sociale-staat")


def run(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOCIALE_STAAT_APP_DB": db, "COLUMNS": "200"}
    return subprocess.run(
        [CLI, "diensten", *args], capture_output=True, text=True, env=env, timeout=300
    )


def test_import_search_export_and_a_refused_file(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'app.sqlite'}"
    empty = run(db, "zoek", "schulden")
    assert empty.returncode == 0 and "Er zijn geen diensten geladen" in empty.stdout
    imported = run(db, "import", str(FIXTURES / "almere"), "--json")
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)["counts"]["service"] == 7
    found = run(db, "zoek", "schulden", "--postcode", "1315", "--open-op", "zaterdag", "--json")
    hits = json.loads(found.stdout)["hits"]
    assert [h["name"] for h in hits][:2] == [
        "Schuldhulp spreekuur Centrum (fictief)",
        "Inloop geldzorgen Waterwijk (fictief)",
    ]
    assert all(h["label"] == "fictief (handgemaakte testgegevens)" for h in hits)
    exported = run(db, "export", str(tmp_path / "uit"), "--json")
    assert exported.returncode == 0 and (tmp_path / "uit" / "datapackage.json").exists()
    refused = run(db, "import", str(FIXTURES / "example_schedule"))
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "schedules.csv, regel 2, veld 'wkst'" in refused.stderr
    assert (
        json.loads(run(db, "export", str(tmp_path / "uit2.json"), "--json").stdout)["aantallen"][
            "service"
        ]
        == 7
    )
