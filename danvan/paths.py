"""Where a deployment keeps its state: everything lives under one DANVAN_DATA_DIR."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATA_DIR = "./data"


@dataclass(frozen=True)
class DataDir:
    """The layout of one deployment's state directory."""

    root: Path

    @property
    def landing(self) -> Path:
        return self.root / "landing"

    @property
    def manifests(self) -> Path:
        """Manifest partitions: landing/manifest/source=S/interval=I/part.parquet."""
        return self.landing / "manifest"

    @property
    def warcs(self) -> Path:
        return self.landing / "warc"

    @property
    def state(self) -> Path:
        """Per-source crawl state (newest item seen, last success, last error)."""
        return self.root / "state"

    @property
    def sources(self) -> Path:
        """A deployment's own source YAML files, added to or overriding the shipped ones."""
        return self.root / "sources"

    @property
    def build(self) -> Path:
        """dbt's private working copy of the warehouse; BI tools never open it."""
        return self.root / "build"

    @property
    def build_warehouse(self) -> Path:
        return self.build / "warehouse.duckdb"

    @property
    def warehouse(self) -> Path:
        """The published warehouse that BI tools and the scorer open read-only."""
        return self.root / "warehouse.duckdb"

    @property
    def parquet(self) -> Path:
        """The marts exported as Parquet beside the published warehouse."""
        return self.root / "parquet"

    @property
    def docs(self) -> Path:
        """The static dbt docs of the published marts (index.html)."""
        return self.root / "docs"

    @property
    def release_manifest(self) -> Path:
        """What the published release holds: versions, seed hash, rows per table, sha256 of each file."""
        return self.root / "release.json"

    @property
    def airflow_home(self) -> Path:
        return self.root / "airflow"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def dbt_target(self) -> Path:
        return self.build / "dbt_target"


def data_dir() -> DataDir:
    """The deployment's state directory, from DANVAN_DATA_DIR (default ./data), as an absolute path."""
    return DataDir(Path(os.environ.get("DANVAN_DATA_DIR", DEFAULT_DATA_DIR)).expanduser().resolve())


PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
DAGS_DIR = PROJECT_ROOT / "dags"
