"""IBGE reference: the 27 federative units and the 5,571 municipalities."""

from sqlmodel import Field, SQLModel


class State(SQLModel, table=True):
    uf: str = Field(primary_key=True, max_length=2)
    ibge_code: int = Field(unique=True)
    name: str = Field(max_length=60)
    region: str = Field(max_length=20)
    latitude: float
    longitude: float


class Municipality(SQLModel, table=True):
    ibge_code: int = Field(primary_key=True)
    name: str = Field(max_length=100)
    uf: str = Field(foreign_key="state.uf", max_length=2, index=True)
    latitude: float
    longitude: float
    is_capital: bool = False


class StatePublic(SQLModel):
    uf: str
    name: str
    region: str


class MunicipalityRef(SQLModel):
    ibge_code: int
    name: str
    uf: str
