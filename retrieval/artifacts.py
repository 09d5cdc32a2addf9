"""Saving trained models: a folder is replaced whole or not at all."""
from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Callable

METADATA_FILE = "training.json"


def save_folder(out_dir: Path, write: Callable[[Path], None], metadata: dict[str, object]) -> None:
    """Let ``write`` fill a sibling temporary folder, add ``training.json``, then swap it in: a failed save never
    leaves a half-written model, and the previous one stays until the new one is complete."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        write(staging)
        (staging / METADATA_FILE).write_text(json.dumps(metadata, indent=2) + "\n", encoding="utf-8")
        if out_dir.exists():
            shutil.rmtree(out_dir)
        staging.rename(out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
