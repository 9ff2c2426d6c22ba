"""Serve the local engine on its own: `python -m backend.local_engine --port 8090 --data-dir DIR`."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from waitress import serve

from backend.local_engine import EngineSettings, create_engine_app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--data-dir", type=Path, default=Path("backend/engine_data"))
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_engine_app(EngineSettings.from_env(args.data_dir.resolve()))
    logging.getLogger(__name__).info("local engine on http://%s:%d/v1", args.host, args.port)
    serve(app, host=args.host, port=args.port, threads=16, ident="local-engine")


if __name__ == "__main__":
    main()
