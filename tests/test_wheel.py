"""The built wheel carries the ontology, data and queries: installed anywhere, it answers questions."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*command: str, cwd: Path) -> subprocess.CompletedProcess:
    result = subprocess.run(list(command), capture_output=True, text=True, cwd=cwd, timeout=600)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
    return result


def test_wheel_installed_in_a_fresh_venv_answers_a_query(tmp_path):
    wheels = tmp_path / "wheels"
    run(sys.executable, "-m", "build", "--wheel", "--outdir", str(wheels), str(ROOT), cwd=tmp_path)
    (wheel,) = wheels.glob("realpolitik-*.whl")
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    for asset in ("realpolitik/web/templates/base.html", "realpolitik/web/static/workbench.css", "realpolitik/web/static/workbench.js"):
        assert asset in names, f"the workbench's {asset} is not in the wheel"

    environment = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(environment)
    python = environment / "bin" / "python"
    run(str(python), "-m", "pip", "install", "--quiet", str(wheel), cwd=tmp_path)

    # Run outside the checkout so that only the installed copy can be found.
    where = run(str(python), "-c", "import realpolitik.kg as k; print(k.bundled_root())", cwd=tmp_path).stdout.strip()
    assert "site-packages" in where and not where.startswith(str(ROOT))
    answer = run(str(environment / "bin" / "realpolitik"), "query", "who-bypasses-ukraine", "--format", "csv", cwd=tmp_path).stdout
    assert answer.splitlines() == [
        "country,actor,actorLabel",
        "https://w3id.org/realpolitik/id/Ukraine,https://w3id.org/realpolitik/id/Russia,Russia",
        "https://w3id.org/realpolitik/id/Ukraine,https://w3id.org/realpolitik/id/Turkey,Turkey",
    ]
    listed = run(str(environment / "bin" / "realpolitik"), "queries", cwd=tmp_path).stdout
    assert listed.count("\n") > 15
