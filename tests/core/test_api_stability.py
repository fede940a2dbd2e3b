"""Partners generate clients from the OpenAPI: an operation they use keeps its method, path
(parameter names included) and operationId, whatever is refactored behind it."""

from pathlib import Path

from fastapi.testclient import TestClient

KNOWN = Path(__file__).with_name("api_operations.txt")


def _known() -> set[str]:
    lines = KNOWN.read_text(encoding="utf-8").splitlines()
    return {line for line in lines if line.strip() and not line.startswith("#")}


class TestApiStability:
    def test_every_known_operation_is_still_served_the_same_way(self, client: TestClient) -> None:
        spec = client.get("/openapi.json").json()
        served = {
            f"{method} {path} {operation.get('operationId')}"
            for path, operations in spec["paths"].items()
            for method, operation in operations.items()
        }
        missing = sorted(_known() - served)
        assert missing == [], f"operations partners use changed or went away: {missing}"
