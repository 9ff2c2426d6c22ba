"""Serve the local engine on its own: `python -m backend.local_engine --port 8090 --data-dir DIR`."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from a2wsgi import WSGIMiddleware

from backend.api.server import PortInUse, bind, serve
from backend.local_engine import EngineSettings, create_engine_app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--data-dir", type=Path, default=Path("backend/engine_data"))
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        sock = bind(args.host, args.port)
    except PortInUse as exc:
        raise SystemExit(f"local engine: {exc}") from None
    app = create_engine_app(EngineSettings(data_dir=args.data_dir.resolve()))
    worker = app.extensions["local_engine"].worker
    logging.getLogger(__name__).info("local engine on http://%s:%d/v1", args.host, args.port)
    try:
        serve(WSGIMiddleware(app, workers=16), sock, on_stop=worker.shutdown)
    finally:
        worker.shutdown()


if __name__ == "__main__":
    main()
