"""The metrics the code updates as it runs (prometheus_client's default registry). Values read
from the database are computed when /metrics is scraped (app/core/metrics.py).

A leaf module: any package may import it (app.search counts its client errors here)."""

from prometheus_client import Counter, Histogram

REQUEST_DURATION = Histogram(
    "partilha_http_request_duration_seconds",
    "Time to answer an HTTP request, by method, route template and status",
    ["method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
MEILISEARCH_ERRORS = Counter(
    "partilha_meilisearch_errors_total",
    "Meilisearch calls that failed (unreachable, timed out or refused), by operation",
    ["operation"],
)
SEARCH_FAILOVERS = Counter(
    "partilha_search_failovers_total",
    "Searches that one Meilisearch server failed and the next one answered, by the failed server",
    ["server"],
)
