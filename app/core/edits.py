"""Partial edits: the model of an edit (PATCH body) derived from the model of the whole thing,
so the two never drift apart. Each field is optional (absent or null: unchanged) and typed as
declared there, bounds of an Annotated type included (an IBGE code, a database id), but without
the limits its Field sets (lengths, counts): the edit is merged with what is stored and the
whole is checked then, once, by the model of the whole."""

from typing import Any, Optional, get_type_hints

from pydantic import BaseModel, create_model
from sqlmodel import SQLModel


class Edit(SQLModel):
    """An edit names only fields of the thing it edits."""

    model_config = {"extra": "forbid"}


def partial(schema: type[BaseModel], **fields: Any) -> type[Edit]:
    """The edit of `schema` (subclass it to name it: `class CallUpdate(partial(CallCreate))`);
    `fields` declares fields of its own or in place of the schema's, as `create_model` takes
    them, after the others."""
    hints = get_type_hints(schema, include_extras=True)
    optional: dict[str, Any] = {
        name: (Optional[hints[name]], None)  # noqa: UP045 (a type held in a variable)
        for name in schema.model_fields
        if name not in fields
    }
    return create_model(f"{schema.__name__}Edit", __base__=Edit, **optional, **fields)
