"""One interface over three stores (embedded pyoxigraph, an Oxigraph server, Virtuoso), query processes and
named queries."""
