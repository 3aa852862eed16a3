"""The HTTP service: a FastAPI app built by ``create_app(settings)``; nothing is built at import time."""

from stratgraph.api.app import create_app

__all__ = ["create_app"]
