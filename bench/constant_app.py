"""A FastAPI endpoint that returns a constant, served like stratgraph: the HTTP stack's own limit.

``async def`` answers on the event loop, as stratgraph's cached answers do; a plain ``def`` would go through
the thread pool and understate what the stack can serve.
"""

from fastapi import FastAPI

app = FastAPI()
BODY = {"name": "Gigabit-City Bochum", "status": "laufend"}


@app.get("/constant")
async def constant() -> dict[str, str]:
    return BODY
