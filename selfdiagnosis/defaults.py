"""The questionnaires shipped with Maillage, written for the network in plain French.

Installed (idempotently) by ``services.questionnaire_install_defaults`` — used by the demo
and by ``manage.py selfdiagnosis_install_defaults``. The themes follow the public Partir Ici /
ATES self-assessment (water, energy, waste, mobility, local suppliers, fair pay, encounters…);
the wording is the network's own.
"""

from __future__ import annotations

M, P, OT = "member", "provider", "tourism_office"
PROS = [M, P]

YES_NO = "yes_no"
CHOICE = "choice"
NUMBER = "number"
TEXT = "text"


def _i(
    code,
    statement,
    help_text="",
    *,
    kind=YES_NO,
    points=1,
    choices=(),
    evidence="none",
    na=True,
    number_min=None,
    number_max=None,
    target=None,
    unit="",
):
    return {
        "code": code,
        "statement": statement,
        "help_text": help_text,
        "answer_kind": kind,
        "points": points,
        "choices": list(choices),
        "evidence": evidence,
        "allow_not_applicable": na,
        "number_min": number_min,
        "number_max": number_max,
        "number_target": target,
        "unit": unit,
    }


def _c(code, title, public_label, indicators, *, scope="business", mandatory=False, weight=1, kinds=PROS):
    return {
        "code": code,
        "title": title,
        "public_label": public_label,
        "scope": scope,
        "mandatory": mandatory,
        "weight": weight,
        "respondent_kinds": kinds,
        "indicators": indicators,
    }


FREQUENCY = [("jamais", "Pas encore", 0), ("parfois", "En partie", 1), ("toujours", "Systématiquement", 2)]

PROFESSIONAL = {
    "code": "offre-bienveillante",
    "kind": "professional",
    "title": "Autodiagnostic « offre bienveillante »",
    "introduction": (
        "Ce questionnaire vous aide à faire le point sur vos engagements pour l'environnement, "
        "l'économie locale et les personnes. Il n'y a pas de mauvaise réponse : répondez "
        "franchement, vous pourrez revenir sur vos réponses jusqu'à la signature. Comptez "
        "trente minutes environ ; vos réponses sont enregistrées au fur et à mesure."
    ),
    "statement": (
        "Je soussigné(e) déclare sur l'honneur que les réponses données dans ce questionnaire "
        "sont exactes et sincères, et que les justificatifs fournis sont authentiques. "
        "J'accepte que l'office de tourisme puisse me demander des précisions ou venir constater "
        "sur place les engagements déclarés."
    ),
    "dimensions": [
        {
            "code": "environnement",
            "title": "Environnement",
            "description": "Eau, énergie, déchets, déplacements et nature : ce que votre activité prélève "
            "et ce qu'elle rend.",
            "criteria": [
                _c(
                    "eau",
                    "Économiser l'eau",
                    "Économise l'eau au quotidien",
                    [
                        _i(
                            "eau-equipements",
                            "J'ai équipé mes robinets, douches ou sanitaires de systèmes économes en eau.",
                            "Par exemple : mousseurs, chasses d'eau double débit, "
                            "récupération de l'eau de pluie pour l'arrosage ou le nettoyage.",
                        ),
                        _i(
                            "eau-suivi",
                            "Je relève ma consommation d'eau et je repère les fuites.",
                            "Un relevé du compteur chaque mois suffit.",
                            kind=CHOICE,
                            choices=FREQUENCY,
                        ),
                    ],
                    mandatory=True,
                ),
                _c(
                    "energie",
                    "Maîtriser l'énergie",
                    "Réduit et verdit sa consommation d'énergie",
                    [
                        _i(
                            "energie-renouvelable",
                            "Mon électricité vient d'un fournisseur d'énergie "
                            "renouvelable ou de ma propre production.",
                            "Contrat d'électricité verte, panneaux solaires, bois-énergie local…",
                            evidence="optional",
                        ),
                        _i(
                            "energie-sobriete",
                            "J'ai pris des mesures pour consommer moins d'énergie.",
                            "Isolation, éclairage LED, extinction des appareils en veille, four ou "
                            "séchoir mieux rempli…",
                            kind=CHOICE,
                            choices=FREQUENCY,
                        ),
                    ],
                    mandatory=True,
                    weight=2,
                ),
                _c(
                    "dechets",
                    "Réduire et trier les déchets",
                    "Réduit et trie ses déchets",
                    [
                        _i(
                            "dechets-tri",
                            "Je trie mes déchets et je propose le tri à mes visiteurs.",
                            "Poubelles de tri visibles, compost, collecte des chutes de matière.",
                        ),
                        _i(
                            "dechets-jetable",
                            "J'ai supprimé la vaisselle et les emballages jetables de mon activité.",
                            "Gourdes, vaisselle lavable, vrac, emballages consignés.",
                            kind=CHOICE,
                            choices=FREQUENCY,
                        ),
                    ],
                    mandatory=True,
                ),
                _c(
                    "mobilite",
                    "Faciliter les déplacements sans voiture",
                    "Aide ses visiteurs à venir sans voiture",
                    [
                        _i(
                            "mobilite-info",
                            "J'indique à mes visiteurs comment venir en transports en commun, "
                            "à vélo ou en covoiturage.",
                            "Horaires de car, gare la plus proche, itinéraire "
                            "cyclable, lien vers un site de covoiturage.",
                        ),
                        _i(
                            "mobilite-accueil",
                            "Je peux aller chercher mes visiteurs à l'arrêt de car ou leur "
                            "proposer un abri pour les vélos.",
                            "",
                        ),
                    ],
                    scope="offer",
                ),
                _c(
                    "nature",
                    "Respecter la nature et les paysages",
                    "Préserve la nature et les paysages",
                    [
                        _i(
                            "nature-produits",
                            "J'utilise des produits d'entretien et de traitement "
                            "respectueux de l'environnement.",
                            "Écolabel, produits naturels, pas de pesticides de synthèse.",
                            evidence="optional",
                        ),
                        _i(
                            "nature-sites",
                            "Je sensibilise mes visiteurs au respect des sites naturels "
                            "fréquentés pendant l'activité.",
                            "Rester sur les sentiers, ne pas cueillir, respecter la faune.",
                        ),
                    ],
                ),
                _c(
                    "matieres",
                    "Choisir des matières premières responsables",
                    "Choisit des matières premières responsables",
                    [
                        _i(
                            "matieres-part",
                            "Part de mes matières premières issues de l'agriculture "
                            "biologique, du réemploi ou de filières labellisées.",
                            "Estimation en pourcentage des achats de l'année.",
                            kind=NUMBER,
                            number_min=0,
                            number_max=100,
                            target=50,
                            unit="%",
                        ),
                    ],
                    weight=2,
                ),
            ],
        },
        {
            "code": "economie-locale",
            "title": "Économie locale",
            "description": "Acheter, employer et recommander près de chez soi : ce que votre activité "
            "fait vivre sur le territoire.",
            "criteria": [
                _c(
                    "fournisseurs",
                    "Travailler avec des fournisseurs locaux",
                    "Achète auprès de fournisseurs du territoire",
                    [
                        _i(
                            "fournisseurs-100km",
                            "Je privilégie des matières premières produites à moins de 100 km.",
                            "Bois des forêts voisines, lait de la ferme d'à côté, laine de pays…",
                            kind=CHOICE,
                            choices=FREQUENCY,
                        ),
                        _i(
                            "fournisseurs-part",
                            "Part de mes achats réalisés auprès d'entreprises du territoire.",
                            "Estimation en pourcentage du montant des achats.",
                            kind=NUMBER,
                            number_min=0,
                            number_max=100,
                            target=60,
                            unit="%",
                        ),
                    ],
                    mandatory=True,
                    weight=2,
                ),
                _c(
                    "emploi",
                    "Créer et garder de l'emploi local",
                    "Emploie des habitants du territoire",
                    [
                        _i(
                            "emploi-local",
                            "Les personnes qui travaillent avec moi (salariés, saisonniers, "
                            "apprentis) habitent le territoire.",
                            "",
                        ),
                        _i(
                            "emploi-apprentissage",
                            "J'accueille des apprentis ou des stagiaires pour transmettre mon savoir-faire.",
                            "",
                        ),
                    ],
                ),
                _c(
                    "produits-locaux",
                    "Mettre en avant les produits du territoire",
                    "Fait découvrir les produits du territoire",
                    [
                        _i(
                            "produits-vente",
                            "Je propose ou je sers des produits d'autres producteurs et "
                            "artisans du territoire.",
                            "Goûter avec les produits de la ferme voisine, dépôt-vente d'autres artisans.",
                        ),
                    ],
                    scope="offer",
                ),
                _c(
                    "reseau",
                    "Jouer collectif",
                    "Recommande les autres acteurs du territoire",
                    [
                        _i(
                            "reseau-recommandation",
                            "Je recommande à mes visiteurs d'autres activités, "
                            "restaurants et hébergements du territoire.",
                            "",
                        ),
                        _i(
                            "reseau-collectif",
                            "Je participe à un collectif local (association, marché de "
                            "producteurs, réseau d'artisans).",
                            "",
                        ),
                    ],
                ),
                _c(
                    "retombees",
                    "Garder la valeur sur le territoire",
                    "Fait travailler les services locaux",
                    [
                        _i(
                            "retombees-services",
                            "Je fais appel à des prestataires locaux (banque, comptable, "
                            "imprimeur, réparateur).",
                            "",
                            kind=CHOICE,
                            choices=FREQUENCY,
                        ),
                    ],
                ),
            ],
        },
        {
            "code": "social",
            "title": "Social",
            "description": "Les personnes : celles qui travaillent avec vous, celles que vous accueillez et "
            "les habitants.",
            "criteria": [
                _c(
                    "remuneration",
                    "Rémunérer justement",
                    "Rémunère justement les personnes qui travaillent avec lui",
                    [
                        _i(
                            "remuneration-juste",
                            "Je rémunère les personnes qui travaillent avec moi au-dessus "
                            "du minimum légal ou de la convention collective.",
                            "",
                            evidence="optional",
                        ),
                        _i(
                            "remuneration-prix",
                            "Je paie mes fournisseurs à un prix qui leur permet de vivre de "
                            "leur travail, sans négociation à la baisse.",
                            "",
                        ),
                    ],
                    mandatory=True,
                    weight=2,
                ),
                _c(
                    "accessibilite",
                    "Accueillir tous les publics",
                    "Accueille les personnes en situation de handicap",
                    [
                        _i(
                            "accessibilite-handicap",
                            "Mon activité est accessible, au moins en partie, aux "
                            "personnes en situation de handicap.",
                            "Accès de plain-pied, supports en gros "
                            "caractères, accueil adapté aux personnes sourdes ou malvoyantes.",
                            kind=CHOICE,
                            choices=[
                                ("non", "Pas encore", 0),
                                ("partiel", "Pour certains handicaps", 1),
                                ("label", "Oui, avec le label Tourisme & Handicap", 2),
                            ],
                            evidence="optional",
                        ),
                    ],
                    scope="offer",
                ),
                _c(
                    "tarifs",
                    "Rendre l'offre abordable",
                    "Propose des tarifs accessibles à tous",
                    [
                        _i(
                            "tarifs-reduits",
                            "Je propose des tarifs réduits (enfants, familles, demandeurs "
                            "d'emploi, habitants) ou des temps gratuits.",
                            "",
                        ),
                    ],
                    scope="offer",
                ),
                _c(
                    "rencontre",
                    "Favoriser la rencontre avec les habitants",
                    "Fait rencontrer les habitants et leur savoir-faire",
                    [
                        _i(
                            "rencontre-echange",
                            "Mon activité fait rencontrer aux visiteurs des habitants, "
                            "des artisans ou des producteurs du territoire.",
                            "Visite commentée par le producteur, atelier partagé, veillée de contes…",
                        ),
                        _i(
                            "rencontre-habitants",
                            "J'ouvre mon activité aux habitants et aux écoles du territoire.",
                            "Journées portes ouvertes, tarifs habitants, interventions dans les écoles.",
                        ),
                    ],
                    mandatory=True,
                ),
                _c(
                    "conditions",
                    "Prendre soin des conditions de travail",
                    "Veille aux conditions de travail",
                    [
                        _i(
                            "conditions-formation",
                            "Je me forme ou je forme les personnes qui travaillent avec "
                            "moi au moins une fois par an.",
                            "Formation accueil, sécurité, langues, savoir-faire.",
                        ),
                    ],
                ),
            ],
        },
    ],
}


OFFICE = {
    "code": "diagnostic-office",
    "kind": "tourism_office",
    "title": "Diagnostic des offices de tourisme",
    "introduction": (
        "Ce diagnostic dresse une « photographie » de votre office : organisation, équipe, "
        "budget, missions et outils. Les réponses de tous les offices sont rassemblées dans une "
        "synthèse commune, pour que chacun puisse se situer et partager ses pratiques."
    ),
    "statement": (
        "Je certifie, en tant que directeur ou directrice de l'office, que les informations "
        "transmises sont exactes à la date de ce diagnostic."
    ),
    "dimensions": [
        {
            "code": "organisation",
            "title": "Organisation",
            "scored": False,
            "criteria": [
                _c(
                    "statut",
                    "Statut et territoire",
                    "",
                    [
                        _i(
                            "statut-juridique",
                            "Statut juridique de mon office.",
                            kind=CHOICE,
                            na=False,
                            choices=[
                                ("association", "Association", 0),
                                ("epic", "EPIC", 0),
                                ("regie", "Régie ou SPA", 0),
                                ("spl", "SPL ou SEM", 0),
                            ],
                        ),
                        _i(
                            "bureaux",
                            "Nombre de bureaux d'information touristique.",
                            kind=NUMBER,
                            na=False,
                            number_min=0,
                            number_max=50,
                        ),
                        _i(
                            "communes",
                            "Nombre de communes couvertes.",
                            kind=NUMBER,
                            na=False,
                            number_min=1,
                            number_max=500,
                        ),
                    ],
                    mandatory=True,
                    kinds=[OT],
                ),
            ],
        },
        {
            "code": "equipe",
            "title": "Équipe",
            "scored": False,
            "criteria": [
                _c(
                    "effectifs",
                    "Effectifs",
                    "",
                    [
                        _i(
                            "etp-permanents",
                            "Personnel permanent, en équivalents temps plein.",
                            kind=NUMBER,
                            na=False,
                            number_min=0,
                            number_max=200,
                            unit="ETP",
                        ),
                        _i(
                            "etp-saisonniers",
                            "Personnel saisonnier sur l'année, en équivalents temps plein.",
                            kind=NUMBER,
                            number_min=0,
                            number_max=200,
                            unit="ETP",
                        ),
                    ],
                    mandatory=True,
                    kinds=[OT],
                ),
            ],
        },
        {
            "code": "budget",
            "title": "Budget",
            "scored": False,
            "criteria": [
                _c(
                    "ressources",
                    "Ressources",
                    "",
                    [
                        _i(
                            "budget-annuel",
                            "Budget annuel de fonctionnement.",
                            kind=NUMBER,
                            na=False,
                            number_min=0,
                            number_max=50_000_000,
                            unit="€",
                        ),
                        _i(
                            "taxe-sejour",
                            "Part de la taxe de séjour dans les ressources.",
                            kind=NUMBER,
                            number_min=0,
                            number_max=100,
                            unit="%",
                        ),
                        _i(
                            "recettes-propres",
                            "Part des recettes propres (boutique, billetterie, partenariats).",
                            kind=NUMBER,
                            number_min=0,
                            number_max=100,
                            unit="%",
                        ),
                    ],
                    mandatory=True,
                    kinds=[OT],
                ),
            ],
        },
        {
            "code": "missions",
            "title": "Missions",
            "scored": False,
            "criteria": [
                _c(
                    "missions-exercees",
                    "Missions exercées",
                    "",
                    [
                        _i(
                            "mission-accueil",
                            "Nous accueillons et informons les visiteurs toute l'année.",
                            na=False,
                        ),
                        _i("mission-promotion", "Nous assurons la promotion de la destination.", na=False),
                        _i(
                            "mission-commercialisation",
                            "Nous vendons des séjours, des activités ou des produits locaux.",
                            na=False,
                        ),
                        _i(
                            "mission-animation",
                            "Nous animons le réseau des professionnels du territoire.",
                            na=False,
                        ),
                        _i(
                            "mission-observation",
                            "Nous observons la fréquentation et les retombées.",
                            na=False,
                        ),
                    ],
                    mandatory=True,
                    kinds=[OT],
                ),
            ],
        },
        {
            "code": "outils",
            "title": "Outils",
            "scored": False,
            "criteria": [
                _c(
                    "outils-numeriques",
                    "Outils",
                    "",
                    [
                        _i("outil-apidae", "Nous saisissons notre offre dans Apidae.", na=False),
                        _i(
                            "outil-billetterie",
                            "Nous avons une billetterie ou une place de marché en ligne.",
                            na=False,
                        ),
                        _i("outil-boutique", "Nous avons une boutique de produits locaux.", na=False),
                        _i(
                            "outil-crm",
                            "Nous suivons nos contacts dans un outil de gestion de la relation client.",
                            na=False,
                        ),
                        _i(
                            "outils-priorites",
                            "Nos priorités d'équipement pour les deux ans à venir.",
                            kind=TEXT,
                        ),
                    ],
                    kinds=[OT],
                ),
            ],
        },
    ],
}

DEFAULTS = (PROFESSIONAL, OFFICE)
