"""The methods library: working methods a facilitator can pick for a session.

Kept as data (one dict per method, text per language: nl, en, fr). ``get_method(code)`` returns
the method with its text in the active language (falling back to Dutch, then English).
"""

from dataclasses import dataclass

from django.utils.translation import get_language


@dataclass(frozen=True)
class Method:
    code: str
    name: str
    summary: str
    steps: tuple[str, ...]
    time: str
    group_size: str


METHODS: list[dict] = [
    {
        "code": "six-hats",
        "time": "60-90 min",
        "group_size": "6-12",
        "nl": {
            "name": "De zes denkhoeden van De Bono",
            "summary": "Iedereen bekijkt hetzelfde vraagstuk om beurten vanuit één bril. Zo botsen meningen "
            "niet, maar vullen ze elkaar aan.",
            "steps": [
                "Schrijf de vraag centraal op, bijvoorbeeld: hoe verlagen we de fysieke belasting?",
                "Wit: welke feiten en cijfers kennen we? Wat ontbreekt nog?",
                "Rood: wat voelen we erbij, zonder uitleg of verantwoording?",
                "Zwart: wat kan mislopen, welke risico's zien we?",
                "Geel: wat levert het op, waar zitten de kansen?",
                "Groen: welke nieuwe ideeën en alternatieven zijn er?",
                "Blauw: de begeleider vat samen en spreekt af wat op het bord komt.",
            ],
        },
        "en": {
            "name": "De Bono's six thinking hats",
            "summary": "The whole group looks at one question through one lens at a time, so that views "
            "add up instead of clashing.",
            "steps": [
                "Write the question in the middle, e.g. how do we reduce the physical load?",
                "White: which facts and figures do we have? What is missing?",
                "Red: how do we feel about it, without having to explain?",
                "Black: what could go wrong, which risks do we see?",
                "Yellow: what would it bring, where are the opportunities?",
                "Green: which new ideas and alternatives are there?",
                "Blue: the facilitator sums up and agrees what goes onto the board.",
            ],
        },
        "fr": {
            "name": "Les six chapeaux de De Bono",
            "summary": "Le groupe examine une même question à travers une seule optique à la fois : les "
            "points de vue se complètent au lieu de s'opposer.",
            "steps": [
                "Notez la question au centre, p. ex. comment réduire la charge physique ?",
                "Blanc : quels faits et chiffres avons-nous ? Que manque-t-il ?",
                "Rouge : que ressentons-nous, sans devoir nous justifier ?",
                "Noir : qu'est-ce qui pourrait mal tourner ?",
                "Jaune : qu'est-ce que cela apporterait ?",
                "Vert : quelles idées nouvelles et alternatives ?",
                "Bleu : l'animateur résume et convient de ce qui va au tableau.",
            ],
        },
    },
    {
        "code": "dare-to-ask",
        "time": "30-45 min",
        "group_size": "4-15",
        "nl": {
            "name": "#durftevragen",
            "summary": "Deelnemers leggen een concrete hulpvraag op tafel en de anderen bieden wat ze hebben: "
            "kennis, een contact, een voorbeeld. Geven en ontvangen staan centraal.",
            "steps": [
                "Iedereen schrijft één vraag op waar hij of zij vandaag mee worstelt.",
                "Om beurten lees je je vraag voor, kort en zonder inleiding.",
                "De anderen reageren met een aanbod: 'ik kan je helpen met ...' of 'ken je ...?'",
                "Noteer elk aanbod bij de vraag; spreek af wie wie contacteert.",
                "Sluit af met een rondje: welke vraag durf je volgende keer te stellen?",
            ],
        },
        "en": {
            "name": "#daretoask",
            "summary": "Participants put a concrete request for help on the table and the others offer what "
            "they have: knowledge, a contact, an example. Giving and receiving is the point.",
            "steps": [
                "Everyone writes down one question they are struggling with today.",
                "In turn, read your question out, briefly and without preamble.",
                "The others answer with an offer: 'I can help you with ...' or 'do you know ...?'",
                "Note each offer next to the question; agree who contacts whom.",
                "Close with a round: which question will you dare to ask next time?",
            ],
        },
        "fr": {
            "name": "#oserdemander",
            "summary": "Chacun pose une demande d'aide concrète et les autres offrent ce qu'ils ont : un "
            "savoir, un contact, un exemple.",
            "steps": [
                "Chacun note une question qui le préoccupe aujourd'hui.",
                "À tour de rôle, lisez votre question, brièvement.",
                "Les autres répondent par une offre : « je peux t'aider avec ... ».",
                "Notez les offres et convenez de qui contacte qui.",
                "Terminez par un tour : quelle question oserez-vous poser la prochaine fois ?",
            ],
        },
    },
    {
        "code": "personas",
        "time": "60 min",
        "group_size": "6-20",
        "nl": {
            "name": "Persona's",
            "summary": "Je werkt met herkenbare, verzonnen personages (bijvoorbeeld een huishoudhulp van 58 "
            "met rugklachten) om maatregelen te toetsen aan het echte leven in plaats van aan gemiddelden.",
            "steps": [
                "Maak vooraf drie of vier persona's op basis van wat de deelnemers in de intake vertelden.",
                "Geef elk persona een naam, leeftijd, thuissituatie, werkweek en een zorg.",
                "Verdeel de groep: elk groepje kruipt in de huid van één persona.",
                "Vraag: wat maakt het werk voor deze persoon zwaar, wat zou echt helpen?",
                "Breng de ideeën samen en plaats ze op de matrix.",
            ],
        },
        "en": {
            "name": "Personas",
            "summary": "Work with recognisable invented characters (e.g. a 58-year-old domestic helper with "
            "back pain) to test measures against real lives instead of averages.",
            "steps": [
                "Beforehand, draw up three or four personas from what participants told in the intake.",
                "Give each a name, age, home situation, working week and one worry.",
                "Split the group: each small group takes on one persona.",
                "Ask: what makes the work hard for this person, what would really help?",
                "Bring the ideas together and place them on the matrix.",
            ],
        },
        "fr": {
            "name": "Personas",
            "summary": "Des personnages inventés mais reconnaissables permettent de tester des mesures sur "
            "des vies réelles plutôt que sur des moyennes.",
            "steps": [
                "Préparez trois ou quatre personas à partir des réponses à l'intake.",
                "Donnez-leur un nom, un âge, une situation, une semaine de travail et un souci.",
                "Chaque sous-groupe se met dans la peau d'un persona.",
                "Qu'est-ce qui rend le travail lourd pour cette personne, qu'est-ce qui aiderait ?",
                "Rassemblez les idées et placez-les sur la matrice.",
            ],
        },
    },
    {
        "code": "worst-case",
        "time": "45-60 min",
        "group_size": "4-20",
        "nl": {
            "name": "Worst-case omdenken",
            "summary": "Eerst bedenk je met plezier hoe je het probleem zo erg mogelijk maakt; daarna keer je "
            "elk idee om tot een oplossing. Het doorbreekt voorzichtig denken.",
            "steps": [
                "Formuleer de omgekeerde vraag: hoe zorgen we dat huishoudhulpen zo snel mogelijk uitvallen?",
                "Verzamel vijf minuten lang zoveel mogelijk 'slechte' ideeën, niets is te gek.",
                "Neem ze één voor één en draai ze om: wat is het tegendeel, wat doen we al, wat nog niet?",
                "Kies de omgedraaide ideeën met de meeste energie en noteer ze als idee op het bord.",
            ],
        },
        "en": {
            "name": "Worst-case reversal",
            "summary": "First, cheerfully invent how to make the problem as bad as possible; then turn each "
            "idea round into a solution. It breaks through cautious thinking.",
            "steps": [
                "Ask the reverse question: how do we make domestic helpers drop out as fast as possible?",
                "For five minutes collect as many 'bad' ideas as you can; nothing is too silly.",
                "Take them one by one and reverse them: what is the opposite, what do we already do?",
                "Pick the reversed ideas with the most energy and put them on the board.",
            ],
        },
        "fr": {
            "name": "Inversion du pire scénario",
            "summary": "Imaginez d'abord comment aggraver le problème au maximum, puis retournez chaque idée "
            "en solution.",
            "steps": [
                "Posez la question inverse : comment faire décrocher les aides ménagères au plus vite ?",
                "Récoltez pendant cinq minutes un maximum de « mauvaises » idées.",
                "Retournez-les une à une : quel est le contraire, que faisons-nous déjà ?",
                "Retenez les idées retournées les plus porteuses et mettez-les au tableau.",
            ],
        },
    },
    {
        "code": "personal-check-in",
        "time": "15 min",
        "group_size": "any",
        "nl": {
            "name": "Persoonlijke check-in",
            "summary": "Elke sessie start met een korte persoonlijke vraag. Deelnemers leren elkaar kennen "
            "buiten hun functie, wat het vertrouwen in de groep versterkt.",
            "steps": [
                "Kies een lichte, persoonlijke vraag (bv. wat gaf je deze week energie?).",
                "Iedereen antwoordt in één minuut; niemand reageert.",
                "Vraag telefoons en laptops weg te leggen tot de pauze.",
            ],
        },
        "en": {
            "name": "Personal check-in",
            "summary": "Each session opens with a short personal question. People get to know each other "
            "beyond their job title, which builds trust.",
            "steps": [
                "Pick a light personal question (e.g. what gave you energy this week?).",
                "Everyone answers in one minute; nobody comments.",
                "Ask people to put phones and laptops away until the break.",
            ],
        },
        "fr": {
            "name": "Tour d'accueil personnel",
            "summary": "Chaque séance commence par une courte question personnelle qui renforce la confiance.",
            "steps": [
                "Choisissez une question légère et personnelle.",
                "Chacun répond en une minute, sans commentaire.",
                "Demandez de ranger téléphones et ordinateurs jusqu'à la pause.",
            ],
        },
    },
    {
        "code": "good-practice-carousel",
        "time": "45 min",
        "group_size": "8-12",
        "nl": {
            "name": "Praktijkcarrousel",
            "summary": "Enkele deelnemers tonen aan een tafel hoe zij iets aanpakken; de anderen schuiven in "
            "rondes door en stellen vragen.",
            "steps": [
                "Vraag vooraf drie deelnemers om één aanpak voor te stellen (max. 5 minuten).",
                "Zet hen elk aan een tafel; de anderen verdelen zich over de tafels.",
                "Wissel om de 12 minuten van tafel.",
                "Eindig met een plenaire ronde: wat neem je mee naar je eigen organisatie?",
            ],
        },
        "en": {
            "name": "Good-practice carousel",
            "summary": "A few participants each show at a table how they tackle something; the others rotate "
            "between tables and ask questions.",
            "steps": [
                "Ask three participants beforehand to present one approach (5 minutes at most).",
                "Seat each at a table; the others spread over the tables.",
                "Change tables every 12 minutes.",
                "End with a plenary round: what do you take back to your own organisation?",
            ],
        },
        "fr": {
            "name": "Carrousel de bonnes pratiques",
            "summary": "Quelques participants présentent leur approche à une table ; les autres tournent "
            "entre les tables.",
            "steps": [
                "Demandez à trois participants de préparer une approche (5 minutes max.).",
                "Chacun s'installe à une table ; les autres se répartissent.",
                "Changez de table toutes les 12 minutes.",
                "Terminez en plénière : que ramenez-vous dans votre organisation ?",
            ],
        },
    },
]

_BY_CODE = {m["code"]: m for m in METHODS}


def _text(data: dict, language: str | None) -> dict:
    lang = (language or get_language() or "nl")[:2]
    return data.get(lang) or data.get("nl") or data["en"]


def get_method(code: str, language: str | None = None) -> Method | None:
    data = _BY_CODE.get(code)
    if data is None:
        return None
    text = _text(data, language)
    return Method(data["code"], text["name"], text["summary"], tuple(text["steps"]), data["time"], data["group_size"])


def all_methods(language: str | None = None) -> list[Method]:
    return [get_method(m["code"], language) for m in METHODS]


def method_choices() -> list[tuple[str, str]]:
    return [("", "—")] + [(m.code, m.name) for m in all_methods()]
