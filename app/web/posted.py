"""The text fields a page's form posts, read as one dict to hand back to the page as typed:
each is "" when absent and refused (422) beyond its length, as `Form(max_length=...)` would.
A page names its fields and their lengths once: `form: Annotated[Posted, posted(name=200)]`."""

from typing import Annotated, Any

from fastapi import Depends, Form
from pydantic import Field, create_model

Posted = dict[str, str]
# The fields of a person's account, as long as the accounts' models allow.
PERSON = {"name": 200, "email": 254, "password": 200}


def posted(**lengths: int) -> Any:
    """A dependency reading these fields of the posted form (other fields, such as the CSRF
    token, are left to those who read them)."""
    fields: dict[str, Any] = {name: (str, Field("", max_length=n)) for name, n in lengths.items()}
    model: Any = create_model("Posted_" + "_".join(lengths), **fields)

    def read(data: Annotated[model, Form()]) -> Posted:
        return dict(data.model_dump())

    return Depends(read)
