"""A FastAPI endpoint that returns a constant, served like stratgraph: the HTTP stack's own limit."""

from fastapi import FastAPI

app = FastAPI()
BODY = {"name": "Gigabit-City Bochum", "status": "laufend"}


@app.get("/constant")
def constant() -> dict[str, str]:
    return BODY
