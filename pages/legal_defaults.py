# ruff: noqa: E501 - paragraphs of legal prose, one line each (the page splits them on blank lines)
"""Starting texts of the legal pages (staff adapt them on /staff/site/pages/).

The identity of the publisher (name, address, SIRET, VAT, director) is not written here: the
legal notice shows it from the main office's details, so it is edited in one place.
"""

from __future__ import annotations

DEFAULTS = {
    "mentions-legales": {
        "title": "Mentions légales",
        "title_en": "Legal notice",
        "body": """## Hébergement
Le site est hébergé par le prestataire choisi par l'office (nom, adresse et téléphone à compléter ici).

## Propriété intellectuelle
Les textes et photos des artisans restent leur propriété. Les fiches issues de DATAtourisme sont publiées sous Licence Ouverte / Etalab 2.0 avec l'attribution de leur producteur ; les fiches Apidae restent la propriété de leurs auteurs.

## Signaler un problème
Écrivez à l'office (adresse ci-dessus) : nous répondons sous 8 jours ouvrés.""",
        "body_en": """## Hosting
The site is hosted by the provider chosen by the office (name, address and phone to be completed here).

## Intellectual property
Artisans' texts and photos remain theirs. Records from DATAtourisme are published under the Licence Ouverte / Etalab 2.0 with their producer's attribution; Apidae records remain their authors' property.

## Report a problem
Write to the office (address above): we answer within 8 working days.""",
    },
    "conditions-de-vente": {
        "title": "Conditions générales de vente",
        "title_en": "Terms and conditions of sale",
        "body": """## Objet
Ces conditions s'appliquent aux réservations d'ateliers, aux commandes de produits en retrait à l'office et aux séjours composés sur le site.

## Prix
Les prix sont indiqués en euros, toutes taxes comprises. Le prix retenu est celui affiché au moment de la confirmation ; il est calculé par nos serveurs, jamais par votre navigateur.

## Réservation d'un atelier
La réservation est confirmée par e-mail avec une référence. Vous pouvez modifier ou annuler en ligne jusqu'au délai indiqué sur la page de l'atelier ; au-delà, contactez l'office. Un atelier peut être annulé par l'artisan si le nombre minimum de participants n'est pas atteint : vous êtes alors prévenu par e-mail avec d'autres dates.

## Retrait des produits
Les produits commandés sont réservés et retirés à l'office aux horaires d'ouverture indiqués sur la page Contact. Une commande non retirée dans le délai indiqué est remise en rayon.

## Droit de rétractation
Conformément à l'article L221-28 du Code de la consommation, le droit de rétractation ne s'applique pas aux prestations de loisirs fournies à une date déterminée ; les produits alimentaires périssables en sont également exclus.

## Médiation
En cas de litige, vous pouvez recourir gratuitement à un médiateur de la consommation dont les coordonnées sont communiquées par l'office sur simple demande.""",
        "body_en": """## Scope
These terms apply to workshop bookings, products ordered for collection at the office and stays put together on the site.

## Prices
Prices are in euros, all taxes included. The price is the one shown when you confirm; it is computed by our servers, never by your browser.

## Booking a workshop
Your booking is confirmed by e-mail with a reference. You may change or cancel online until the deadline shown on the workshop page; after that, contact the office. A workshop may be cancelled by the artisan if the minimum number of participants is not reached: you are then told by e-mail with other dates.

## Collecting products
Ordered products are set aside and collected at the office during the opening hours shown on the Contact page. An order not collected in time goes back on the shelf.

## Right of withdrawal
Under article L221-28 of the French Consumer Code, the right of withdrawal does not apply to leisure services provided on a set date; perishable food is excluded too.

## Mediation
In case of dispute you may turn, free of charge, to a consumer mediator whose details the office gives on request.""",
    },
    "confidentialite": {
        "title": "Confidentialité et cookies",
        "title_en": "Privacy and cookies",
        "body": """## Qui traite vos données
L'office (coordonnées dans les mentions légales) est responsable des données collectées sur ce site.

## Quelles données, pourquoi
Nom, e-mail et téléphone pour gérer vos réservations et commandes (exécution du contrat) ; pour vous envoyer des nouvelles du réseau seulement si vous l'avez accepté (consentement), retirable à tout moment par le lien de chaque message.

## Durées de conservation
Réservations et commandes : le temps de la prestation puis 10 ans pour les pièces comptables. Contacts sans activité : 3 ans, puis anonymisation.

## Vos droits
Accès, rectification, effacement, opposition et portabilité : écrivez à l'office. Vous pouvez saisir la CNIL (www.cnil.fr).

## Cookies
Le site n'utilise que des cookies nécessaires à son fonctionnement (session, langue, sécurité des formulaires) : aucun cookie publicitaire ni de mesure d'audience tierce.""",
        "body_en": """## Who processes your data
The office (details in the legal notice) is responsible for the data collected on this site.

## Which data, why
Name, e-mail and phone to handle your bookings and orders (performance of the contract); news from the network only if you accepted it (consent), which you may withdraw at any time through the link in each message.

## How long
Bookings and orders: for the service, then 10 years for accounting records. Contacts without activity: 3 years, then anonymised.

## Your rights
Access, rectification, erasure, objection and portability: write to the office. You may complain to the CNIL (www.cnil.fr).

## Cookies
The site only uses cookies it needs to work (session, language, form security): no advertising or third-party analytics cookies.""",
    },
    "accessibilite": {
        "title": "Déclaration d'accessibilité",
        "title_en": "Accessibility statement",
        "compliance": "partial",
        "body": """L'office s'engage à rendre son site accessible conformément à l'article 47 de la loi n° 2005-102 du 11 février 2005.

## État de conformité
Le site est partiellement conforme avec le référentiel général d'amélioration de l'accessibilité (RGAA) version 4.1. Chaque page publique est vérifiée automatiquement (axe-core) sur téléphone et ordinateur, en français et en anglais.

## Contenus non accessibles
Les cartes interactives n'ont pas d'équivalent complet au clavier : la liste des résultats à côté de la carte donne les mêmes informations.

## Retour d'information et contact
Si vous n'arrivez pas à accéder à un contenu ou à un service, contactez l'office (page Contact) pour être orienté vers une alternative accessible.

## Voies de recours
Si vous constatez un défaut d'accessibilité qui vous empêche d'accéder à un contenu, que vous nous l'avez signalé et n'avez pas obtenu de réponse satisfaisante, vous pouvez écrire au Défenseur des droits (www.defenseurdesdroits.fr).""",
        "body_en": """The office undertakes to make its site accessible in accordance with article 47 of French law no. 2005-102 of 11 February 2005.

## Compliance status
The site is partially compliant with the French accessibility framework (RGAA) version 4.1. Every public page is checked automatically (axe-core) on phones and computers, in French and English.

## Content that is not accessible
Interactive maps have no complete keyboard equivalent: the list of results beside the map gives the same information.

## Feedback and contact
If you cannot access some content or service, contact the office (Contact page) to be offered an accessible alternative.

## Remedies
If you report an accessibility defect that keeps you from some content and get no satisfactory answer, you may write to the Défenseur des droits (www.defenseurdesdroits.fr).""",
    },
}


def legal_pages_ensure(LegalPage) -> None:  # noqa: N803 - a model class, from a migration or the app
    """Create the pages that do not exist yet (never overwrites what staff wrote)."""
    for slug, data in DEFAULTS.items():
        if LegalPage.objects.filter(slug=slug).exists():
            continue
        i18n = {f"{k}": v for k, v in data.items() if k.endswith("_en")}
        LegalPage.objects.create(
            slug=slug,
            title=data["title"],
            body=data["body"],
            compliance=data.get("compliance", ""),
            i18n=i18n,
        )
