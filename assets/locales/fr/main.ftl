## Le cadre de l'application : en-tête, choix de la langue, connexion, accueil, pied de page.

app-title = guichet · Agence de l'emploi
agency-name = Agence de l'emploi
agency-tagline = Trouver un emploi, s'inscrire, être accompagné
skip-to-content = Aller au contenu
nav-home = Accueil
nav-main-label = Navigation principale
language-switch-label = Langue
# Affiché sur le bouton qui passe à cette langue, dans cette langue.

connectivity-checking = Vérification de la connexion…
connectivity-online = En ligne
connectivity-offline = Hors ligne
connectivity-offline-since = Hors ligne · dernier contact { $minutes ->
        [0] il y a moins d'une minute
        [one] il y a { $minutes } minute
       *[other] il y a { $minutes } minutes
    }

home-title = Bienvenue
home-intro = Que souhaitez-vous faire ?
home-offers = Offres d'emploi
home-offers-hint = Consulter les offres en cours dans votre région
home-register = S'inscrire
home-register-hint = Vous inscrire comme demandeur d'emploi avant de voir un conseiller

not-found-title = Page introuvable
not-found-body = Cette page n'existe pas.
back-home = Retour à l'accueil
elsewhere-offline-title = Cet écran n'est pas encore sur l'appareil
elsewhere-offline-body = Il s'ouvrira dès que la connexion reviendra. Ce que vous avez saisi reste gardé sur cet appareil.

footer-help = Besoin d'aide ? Adressez-vous au guichet.
footer-version = Version { $build }
footer-version-dev = Version de développement

# Une date en toutes lettres (« 14 décembre 2026 ») : $day et $year en chiffres, $month de 1 à 12.
date-long = { $day } { $month ->
         [1] janvier
         [2] février
         [3] mars
         [4] avril
         [5] mai
         [6] juin
         [7] juillet
         [8] août
         [9] septembre
         [10] octobre
         [11] novembre
        *[12] décembre
    } { $year }
