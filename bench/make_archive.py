#!/usr/bin/env python3
"""Write a synthetic newsletter archive of N plain-text issues, for the benchmark and the tests.

Usage: make_archive.py N OUTDIR [--seed S]

Each issue follows the plain-text issue format (README.md, "The plain-text format":
title, teaser with '#number', header boilerplate, emoji sections, sub-headings,
lists, captions, links, quote, closing, signature, bio, reader comments) and is
about the size of a real issue (about 15 KB; 40-70 lines, median 56). Output is deterministic
for a given N and seed: same bytes on every machine. Files are named
YYYY-MM-DD-slug.txt, one issue a week (Tuesdays) from 2015-01-06 on.
"""

import argparse
import datetime as dt
import pathlib
import random
import re
import unicodedata

WORDS = (
    "ville train réseau énergie donnée plateforme usager service marché modèle "
    "entreprise logiciel algorithme transport quartier mobilité commerce livraison "
    "banque paiement santé hôpital école travail salarié robot voiture vélo bus "
    "métro électricité batterie climat eau chaleur serveur cloud application "
    "abonnement publicité régulation État commune région Europe startup capital "
    "investisseur croissance plateforme intelligence artificielle moteur recherche "
    "téléphone écran réseau social médias information confiance sécurité vie privée "
    "logement loyer immobilier agriculture alimentation usine industrie chaîne "
    "innovation usage habitude comportement prix coût valeur rente monopole "
    "concurrence standard protocole ouverture communauté code source licence"
).split()
VERBS = (
    "transforme bouleverse accélère ralentit remplace invente redessine menace "
    "favorise complique simplifie révèle masque finance capte partage organise"
).split()
LINKS = (
    "rend pourtant déjà encore aussi surtout désormais parfois souvent rarement "
    "probablement clairement lentement rapidement"
).split()
SECTIONS = [
    ("🧭", "De quoi allons-nous parler"),
    ("🎯", "Cette semaine"),
    ("🧐", "Et aussi"),
    ("🤩", "On a aimé"),
    ("💬", "La phrase"),
]
FIRST_NAMES = "Claire Paul Inès Hugo Léa Tom Jeanne Malik".split()


def sentence(rng: random.Random, n_min: int = 8, n_max: int = 22) -> str:
    n = rng.randint(n_min, n_max)
    words = [rng.choice(WORDS) for _ in range(n)]
    words.insert(rng.randint(1, 3), rng.choice(VERBS))
    if n > 12:
        words.insert(rng.randint(5, n - 2), rng.choice(LINKS))
    text = " ".join(words)
    text = text.replace(" de le ", " du ")
    return text[0].upper() + text[1:] + rng.choice(".....?!")


def paragraph(rng: random.Random, sentences: tuple[int, int] = (3, 7)) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(*sentences)))


def short(rng: random.Random, n_min: int = 2, n_max: int = 5) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(n_min, n_max)))
    return text[0].upper() + text[1:]


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60]


def issue(rng: random.Random, number: int, author: str) -> tuple[str, str]:
    title = short(rng, 3, 7)
    lines = [
        title,
        f"{sentence(rng, 10, 18)} {sentence(rng, 6, 12)} #{number}",
        f"👨‍🚀 Tous les mardis, {author} décrypte l’impact des technologies sur l’économie et la société... En savoir plus sur cette lettre : À propos",
        f"Vous êtes {rng.randint(1, 9)} {rng.randint(100, 999)} abonnés à recevoir cette lettre. Bienvenue aux nouvelles et nouveaux et merci aux autres pour leur fidélité.",
        "Vous avez découvert cette lettre par un autre canal ? Abonnez-vous pour la recevoir directement dans votre boîte :",
    ]
    emoji, name = SECTIONS[0]
    lines += [f"{emoji} {name}", paragraph(rng), paragraph(rng)]
    lines.append(sentence(rng)[:-1] + " :")
    lines += [short(rng, 4, 9).lower() for _ in range(rng.randint(2, 5))]
    lines += [paragraph(rng), f"{short(rng, 4, 8)}, en {rng.randint(1990, 2024)} - Wikipedia."]
    emoji, name = SECTIONS[1]
    lines += [f"{emoji} {name}", f"À chaque lettre un nouveau sujet décrypté : {short(rng, 3, 6)}"]
    for _ in range(rng.randint(2, 4)):
        lines.append(f"{rng.choice('ABCDEFGILMNPRSTV')} comme {short(rng, 1, 1)}")
        lines += [paragraph(rng, (3, 7)) for _ in range(rng.randint(2, 5))]
        if rng.random() < 0.5:
            lines.append(f"{short(rng, 5, 12)} - Photo.")
    lines.append(f"Et maintenant, que va {rng.choice(VERBS)} {short(rng, 2, 3).lower()} ?")
    lines += [paragraph(rng, (3, 6)) for _ in range(rng.randint(2, 4))]
    emoji, name = SECTIONS[2]
    lines += [
        f"{emoji} {name}",
        "Des ressources utiles en lien avec le sujet traité cette semaine.",
    ]
    lines += [
        f"{sentence(rng, 6, 12)[:-1]} {short(rng, 2, 5)} - {short(rng, 1, 2)}"
        for _ in range(rng.randint(2, 5))
    ]
    emoji, name = SECTIONS[3]
    lines += [f"{emoji} {name}", "Nos trouvailles de la semaine, en vrac et sans détour"]
    lines += [
        f"{sentence(rng, 6, 12)[:-1]} {short(rng, 2, 5)} - {short(rng, 1, 2)}"
        for _ in range(rng.randint(2, 4))
    ]
    emoji, name = SECTIONS[4]
    lines += [
        f"{emoji} {name}",
        f"“{paragraph(rng, (2, 5))}”",
        f"{short(rng, 2, 3)} - {short(rng, 2, 4)}.",
    ]
    lines += [
        "C’est terminé pour aujourd’hui !",
        "À la semaine prochaine, n’hésitez pas à poster vos commentaires.",
        "Si vous avez apprécié cette lettre, laissez-nous un 💙 pour nous encourager.",
        author,
        f"Je suis {author} Martin, de 15 pas. Le jour je suis consultant, la nuit j’écris cette lettre.",
    ]
    lines += [f"{sentence(rng, 4, 20)} @{author.lower()}" for _ in range(rng.randint(0, 4))]
    return title, "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of issues")
    parser.add_argument("outdir", type=pathlib.Path)
    parser.add_argument("--seed", type=int, default=237)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    args.outdir.mkdir(parents=True, exist_ok=True)
    start = dt.date(2015, 1, 6)
    for i in range(args.n):
        title, text = issue(rng, i + 1, rng.choice(FIRST_NAMES))
        day = start + dt.timedelta(weeks=i)
        (args.outdir / f"{day.isoformat()}-{slugify(title)}.txt").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
