"""The fixed vocabularies of capacity reports: sources, facility types and services.

They are code constants (not a data folder) because the importer's CSV columns and the
database rows are built from these slugs: renaming one is a migration, not an edit."""

from dataclasses import dataclass

from sqlmodel import SQLModel


@dataclass(frozen=True)
class Term:
    slug: str
    pt_BR: str
    es: str
    en: str
    fr: str

    def labels(self) -> dict[str, str]:
        return {"pt-BR": self.pt_BR, "es": self.es, "en": self.en, "fr": self.fr}


SOURCES: tuple[Term, ...] = (
    Term("censo-suas", "Censo SUAS", "Censo SUAS", "SUAS Census", "Recensement SUAS"),
    Term(
        "secretaria-municipal",
        "Secretaria municipal",
        "Secretaría municipal",
        "Municipal department",
        "Secrétariat municipal",
    ),
    Term(
        "operacao-acolhida",
        "Operação Acolhida",
        "Operación Acogida",
        "Operation Welcome",
        "Opération Accueil",
    ),
    Term(
        "organizacao-propria",
        "A própria organização",
        "La propia organización",
        "The organisation itself",
        "L'organisation elle-même",
    ),
    Term("outro", "Outra fonte", "Otra fuente", "Other source", "Autre source"),
)

FACILITY_TYPES: tuple[Term, ...] = (
    Term(
        "abrigo-institucional",
        "Abrigo institucional",
        "Albergue institucional",
        "Institutional shelter",
        "Foyer d'hébergement",
    ),
    Term(
        "casa-de-passagem",
        "Casa de passagem",
        "Casa de paso",
        "Transit house",
        "Maison de passage",
    ),
    Term("republica", "República", "Residencia compartida", "Shared house", "Colocation"),
    Term(
        "centro-acolhimento-triagem",
        "Centro de acolhimento e triagem",
        "Centro de acogida y triaje",
        "Reception and screening centre",
        "Centre d'accueil et de tri",
    ),
    Term(
        "aluguel-social-hotel-social",
        "Aluguel social / hotel social",
        "Alquiler social / hotel social",
        "Rent subsidy / social hotel",
        "Aide au loyer / hôtel social",
    ),
)

SERVICES: tuple[Term, ...] = (
    Term(
        "cras",
        "CRAS (Centro de Referência de Assistência Social)",
        "CRAS (centro de asistencia social)",
        "CRAS (social assistance centre)",
        "CRAS (centre d'assistance sociale)",
    ),
    Term(
        "creas",
        "CREAS (Centro de Referência Especializado de Assistência Social)",
        "CREAS (asistencia social especializada)",
        "CREAS (specialised social assistance)",
        "CREAS (assistance sociale spécialisée)",
    ),
    Term(
        "unidades-saude",
        "Unidades de saúde",
        "Unidades de salud",
        "Health units",
        "Unités de santé",
    ),
    Term(
        "apoio-matricula-escolar",
        "Apoio à matrícula escolar",
        "Apoyo a la matrícula escolar",
        "School enrolment support",
        "Aide à l'inscription scolaire",
    ),
    Term(
        "aulas-portugues",
        "Aulas de português",
        "Clases de portugués",
        "Portuguese classes",
        "Cours de portugais",
    ),
    Term(
        "trabalho-renda",
        "Programas de trabalho e renda",
        "Programas de trabajo e ingresos",
        "Work and income programmes",
        "Programmes d'emploi et de revenu",
    ),
    Term(
        "documentacao-pf",
        "Documentação na Polícia Federal",
        "Documentación en la Policía Federal",
        "Documents at the Federal Police",
        "Papiers auprès de la Police fédérale",
    ),
    Term(
        "documentacao-cpf",
        "Emissão de CPF",
        "Emisión de CPF",
        "CPF registration",
        "Obtention du CPF",
    ),
    Term(
        "defensoria-publica",
        "Defensoria Pública",
        "Defensoría Pública",
        "Public Defender's Office",
        "Défenseur public",
    ),
    Term(
        "centro-referencia-migrantes",
        "Centro de referência para migrantes",
        "Centro de referencia para migrantes",
        "Migrant reference centre",
        "Centre de référence pour migrants",
    ),
)

SOURCE_SLUGS = tuple(t.slug for t in SOURCES)
FACILITY_SLUGS = tuple(t.slug for t in FACILITY_TYPES)
SERVICE_SLUGS = tuple(t.slug for t in SERVICES)


class TermPublic(SQLModel):
    slug: str
    labels: dict[str, str]


class CapacityVocabulary(SQLModel):
    sources: list[TermPublic]
    facility_types: list[TermPublic]
    services: list[TermPublic]


def vocabulary() -> CapacityVocabulary:
    def terms(values: tuple[Term, ...]) -> list[TermPublic]:
        return [TermPublic(slug=t.slug, labels=t.labels()) for t in values]

    return CapacityVocabulary(
        sources=terms(SOURCES), facility_types=terms(FACILITY_TYPES), services=terms(SERVICES)
    )
