"""The documented column names are the ones the code prints (README and OpenAPI)."""

from fastapi.testclient import TestClient

from app.config import PROJECT_ROOT
from app.opendata import datasets


class TestDocumentedColumns:
    def test_the_readme_lists_every_column_of_every_dataset(self) -> None:
        readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
        for dataset in datasets.registered():
            assert dataset.markdown() in readme, f"README: regenerate the {dataset.name} table"

    def test_the_openapi_description_lists_them_too(self, client: TestClient) -> None:
        spec = client.get("/openapi.json").json()
        described = spec["paths"]["/api/v1/exports/{dataset}.{fmt}"]["get"]["description"]
        for dataset in datasets.registered():
            assert dataset.markdown() in described
        batch = spec["paths"]["/api/v1/practices/batch"]["post"]["requestBody"]["content"]
        assert "application/x-ndjson" in batch
