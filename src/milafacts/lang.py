"""The language of the answers: which one (`choose`), and the words milafacts itself says in each.

The dataset carries its own French beside its English (`fr:` in each record, `Frozen.tr`); this
module holds the rest: the words of titles, headers, notes and dates. English is the text itself;
French comes from `FRENCH`, keyed by the English, so a missing entry shows in English rather than
failing (and a test walks every view to find any). Québec usage (OQLF): a space before : ; ? ! and
%, « guillemets », `1 500`, `8 au 10 décembre 2025`.

Core module: no typer, no Rich.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from milafacts.errors import UsageError
from milafacts.text import NBSP as NBSP  # re-exported: the French that milafacts writes uses lang.NBSP
from milafacts.text import QUOTES, grouped

LANGS = ("en", "fr")


def choose(option: str | None, environ: Mapping[str, str] = os.environ) -> str:
    """`--lang` if given, else `MILAFACTS_LANG`, else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`,
    the first set: `fr_*` means French), else English. A value that is not a language we speak is a
    usage error listing the choices: a typo must not silently give the other language."""
    # An empty MILAFACTS_LANG is unset, as an empty LANG is; an empty --lang is a mistake.
    for value, where in ((option, "--lang"), (environ.get("MILAFACTS_LANG") or None, "MILAFACTS_LANG")):
        if value is None:
            continue
        chosen = value.strip().lower()
        if chosen not in LANGS:
            raise UsageError(f"{where}={value!r} is not a language milafacts speaks; choose one of {', '.join(LANGS)}")
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        locale = environ.get(name)
        if locale:  # POSIX: the first one set decides, even if it is not French
            return "fr" if locale.lower().startswith("fr") else "en"
    return "en"


MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


# "<name> is a <kind>" in French, by `Record.KIND` (`query` says it of a name given to the wrong
# command): the article agrees with the noun (`un pays`, `une organisation`); a fellow, as French
# says of a title or a trade, takes none.
IS_A_FR: dict[str, str] = {
    "country": "est un pays",
    # a place's own kind, which `country` lists too (`Montréal is a city: milafacts country montreal`)
    "city": "est une ville",
    "region": "est une région",
    "place": "est un lieu",
    "organization": "est une organisation",
    "initiative": "est une initiative",
    "person": "est une personne",
    "event": "est un événement",
    "agreement": "est un accord",
    "fellow": "est titulaire de bourse",
    "statistic": "est un chiffre",
}


def t(text: str, lang: str) -> str:
    """`text` in `lang`: itself in English, its entry in `FRENCH` in French (itself when none)."""
    return FRENCH.get(text, text) if lang == "fr" else text


def quoted(text: str, lang: str) -> str:
    """`text` quoted as each language quotes a word: 'robotics', «\u00a0robotique\u00a0»."""
    return f"{QUOTES[0]}{text}{QUOTES[1]}" if lang == "fr" else f"'{text}'"


def number(value: int, lang: str) -> str:
    """A whole number as the language writes it: `1500` in English (as the article does), `1 500`."""
    if lang != "fr" or abs(value) < 1000:
        return str(value)
    return grouped(value)


# English -> French for what milafacts itself says, keyed by the English exactly as the code writes
# it (templates keep their `{}`). A plain dict, built once at import: every command imports it.
# Québec typography: `\u00a0` (NBSP) before : ; % and inside « ». Where French needs an article the
# dataset does not record (`la Suède`, `le Canada`), a name is labelled with a colon instead.
FRENCH: dict[str, str] = {
    # titles
    "{}: what the dataset knows": "{}\u00a0: ce qu'en dit le jeu de données",
    "{}: profile": "{}\u00a0: profil",
    "{}: {}": "{}\u00a0: {}",
    "AI Policy Fellows highlighted in the article": (
        "Boursières et boursiers en politiques de l'IA mis en avant dans l'article"
    ),
    "Headline figures": "Chiffres clés",
    "People": "Personnes",
    "Countries and places": "Pays et lieux",
    "Organizations": "Organisations",
    "Timeline": "Chronologie",
    "Timeline: {}": "Chronologie\u00a0: {}",
    "Agreements": "Accords",
    "Search: {}": "Recherche\u00a0: «\u00a0{}\u00a0»",
    "Source: {}": "Source\u00a0: {}",
    # column headers
    "#": "#",
    "Kind": "Type",
    "Name": "Nom",
    "Date": "Date",
    "Details": "Détails",
    "How linked": "Lien",
    "Fellow": "Titulaire",
    "Home country": "Pays d'origine",
    "Background": "Parcours",
    "Focus": "Thème",
    "Collaborators": "Collaborations",
    "Figure": "Chiffre",
    "What": "Ce qui est compté",
    "Context": "Contexte",
    "Derived how": "Calcul",
    "Roles": "Rôles",
    "Countries": "Pays",
    "Summary": "Résumé",
    "Linked facts": "Faits liés",
    "Agreement": "Accord",
    "Count": "Nombre",
    "Parties": "Parties",
    "Entered into by": "Conclu par",
    "Subjects": "Sujets",
    "Record": "Fiche",
    "Answer": "Réponse",
    "Where it matched": "Correspondance",
    "Section": "Section",
    "Records citing it": "Fiches qui la citent",
    "Source section": "Section de la source",
    # notes, captions, citation
    "The article highlights these {} fellows as examples; the cohort is larger and its size is not given.": (
        "L'article présente ces {} titulaires à titre d'exemples\u00a0; la cohorte est plus nombreuse, "
        "et sa taille n'est pas donnée."
    ),
    "The article highlights this fellow as an example; the cohort is larger and its size is not given.": (
        "L'article présente cette personne titulaire à titre d'exemple\u00a0; la cohorte est plus nombreuse, "
        "et sa taille n'est pas donnée."
    ),
    "Figures marked (derived) are computed by milafacts from the article's figures, not stated in it.": (
        "Les chiffres marqués (calculé) sont calculés par milafacts à partir de ceux de l'article, "
        "qui ne les donne pas."
    ),
    "title ours: the article has none": "titre de notre cru\u00a0: l'article n'en a pas",
    "section headings: our translation of the article's English headings": (
        "intitulés de section\u00a0: notre traduction des intitulés anglais de l'article"
    ),
    "Source: {}; sections: {}": "Source\u00a0: {}\u00a0; sections\u00a0: {}",
    "; ": "\u00a0; ",
    ": ": "\u00a0: ",
    "No results.": "Aucun résultat.",
    "yes": "oui",
    "no": "non",
    # record text
    "(inferred: {})": "(inféré\u00a0: {})",
    "undated": "sans date",
    "undated ({})": "sans date ({})",
    "{} (derived)": "{} (calculé)",
    "about {} (derived: {})": "environ {} (calculé\u00a0: {})",
    "focus: {}": "thème\u00a0: {}",
    "with {}": "avec {}",
    " and ": " et ",
    "parties: {}": "parties\u00a0: {}",
    "subjects: {}": "sujets\u00a0: {}",
    # how a profile row is linked (views.LINK_WORDS)
    "concerns {}": "concerne\u00a0: {}",
    "concerned by {}": "sujet de\u00a0: {}",
    "based in {}": "lieu\u00a0: {}",
    "home of {}": "lieu de\u00a0: {}",
    "from {}": "origine\u00a0: {}",
    "home country of {}": "pays d'origine de\u00a0: {}",
    "role in {}": "rôle lié à\u00a0: {}",
    "where {} has a role": "où {} a un rôle",
    "involves {}": "implique\u00a0: {}",
    "took part in {}": "a participé à\u00a0: {}",
    "involved in {}": "a pris part à\u00a0: {}",
    "run by {}": "responsable\u00a0: {}",
    "runs {}": "responsable de\u00a0: {}",
    "with {} as a party": "partie\u00a0: {}",
    "party to {}": "partie à\u00a0: {}",
    "signed by {}": "signataire\u00a0: {}",
    "signed {}": "a signé\u00a0: {}",
    "made at {}": "contexte\u00a0: {}",
    "occasion of {}": "cadre de\u00a0: {}",
    "part of {}": "fait partie de\u00a0: {}",
    "includes {}": "comprend\u00a0: {}",
    "linked to {}": "lien avec\u00a0: {}",
    "backed or welcomed by {}": "appui ou accueil favorable\u00a0: {}",
    "backed or welcomed {}": "a appuyé ou bien accueilli\u00a0: {}",
    "based on {}": "s'appuie sur\u00a0: {}",
    "basis of {}": "sert de base à\u00a0: {}",
    "fellowship of {}": "bourse de\u00a0: {}",
    "holds the fellowship": "titulaire de la bourse",
    "fellow of {}": "titulaire de\u00a0: {}",
    "programme of fellow {}": "programme de\u00a0: {}",
    "works with {}": "travaille avec\u00a0: {}",
    "collaborator of {}": "collabore avec\u00a0: {}",
    "derived from {}": "calculé à partir de\u00a0: {}",
    "counted in {}": "entre dans le calcul de\u00a0: {}",
    # kinds of record (`Record.KIND`)
    "country": "pays",
    "organization": "organisation",
    "initiative": "initiative",
    "person": "personne",
    "event": "événement",
    "agreement": "accord",
    "fellow": "titulaire de bourse",
    "statistic": "chiffre",
    "role": "rôle",
    "record": "fiche",
    # the records' own `kind` values: places, initiatives, events, agreements (plural where counted)
    "city": "ville",
    "place": "lieu",
    "region": "région",
    "union": "union",
    "alliance": "alliance",
    "guide": "guide",
    "infrastructure": "infrastructure",
    "law": "loi",
    "programme": "programme",
    "report": "rapport",
    "appointment": "nomination",
    "conference": "conférence",
    "delegation": "délégation",
    "delegations": "délégations",
    "engagement": "rapprochement",
    "meeting": "rencontre",
    "mission": "mission",
    "panel": "table ronde",
    "policy call": "appel",
    "presidency": "présidence",
    "visit": "visite",
    "working group": "groupe de travail",
    "MOU": "protocole d'entente",
    "MOUs": "protocoles d'entente",
    "joint statement": "déclaration commune",
    "joint statements": "déclarations communes",
    "research partnership": "partenariat de recherche",
    "research partnerships": "partenariats de recherche",
    # the fields a search hit matched in (`search.fields`)
    "kind": "type",
    "name": "nom",
    "aliases": "autre nom",
    "label": "libellé",
    "keywords": "mot-clé",
    "topics": "thème",
    "subjects": "sujet",
    "background": "parcours",
    "focus": "thème",
    "stated": "chiffre",
    "unit": "unité",
    "role at": "rôle à",
    "date": "date",
    "summary": "résumé",
    "context": "contexte",
    "date_note": "note sur la date",
    "formula": "calcul",
    "link": "lien",
    # what the command line says beside the answer (not errors)
    "no '{}' in the dataset; searched for '{}' instead": (
        "«\u00a0{}\u00a0» n'est pas dans le jeu de données\u00a0; recherche faite avec «\u00a0{}\u00a0»"
    ),
    "nothing in the dataset matches {}; these results match the other words": (
        "rien dans le jeu de données ne correspond à {}\u00a0; ces résultats correspondent aux autres mots"
    ),
    "the output encoding ({}) cannot show every character, so accents and symbols were simplified; "
    "set PYTHONIOENCODING=utf-8 to keep them": (
        "l'encodage de la sortie ({}) ne peut pas afficher tous les caractères\u00a0: les accents et les "
        "symboles ont été simplifiés\u00a0; réglez PYTHONIOENCODING=utf-8 pour les garder"
    ),
}
