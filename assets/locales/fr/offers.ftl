## Offres d'emploi : la liste, ses filtres, l'état de la mise à jour et la page d'une offre.

offers-title = Offres d'emploi
offers-search-label = Rechercher dans les offres
offers-search-placeholder = Métier, employeur, ville…
offers-filter-wilaya = Wilaya
offers-filter-any-wilaya = Toutes les wilayas
offers-filter-group = Métier
offers-filter-any-group = Tous les métiers
offers-filter-contract = Contrat
offers-filter-any-contract = Tous les contrats
offers-filter-published = Publiée
offers-filter-any-time = Depuis toujours
offers-filter-days = { $days ->
        [one] Depuis un jour
       *[other] Depuis { $days } jours
    }
offers-count = { $count ->
        [0] aucune offre
        [one] 1 offre
       *[other] { $count } offres
    }
offers-results = { $count ->
        [one] 1 offre
       *[other] { $count } offres
    }
offers-updated = Mis à jour { $minutes ->
        [0] il y a moins d'une minute
        [one] il y a 1 minute
       *[other] il y a { $minutes } minutes
    }
offers-never-updated = Pas encore téléchargées
offers-syncing = Mise à jour…
offers-first-sync-progress = Offres reçues : { $received } sur { $total }…
offers-first-sync-received = Offres reçues : { $received }…
offers-sync-failed = Mise à jour impossible : voici les offres déjà sur cet appareil
offers-loading = Chargement des offres…
offers-storage-unavailable = Cet appareil ne peut pas conserver les offres. Adressez-vous au guichet.
offers-empty-title = Aucune offre sur cet appareil pour le moment
offers-empty-body = Elles se téléchargent dès que l'agence est joignable. En attendant, adressez-vous au guichet.
offers-no-match-title = Aucune offre ne correspond à votre recherche
offers-no-match-body = Essayez avec moins de mots ou retirez un filtre. Le guichet peut aussi vous aider.
offers-clear-filters = Effacer la recherche et les filtres
offers-show-more = Afficher plus d'offres
offers-published-days = { $days ->
        [0] Publiée aujourd'hui
        [one] Publiée hier
       *[other] Publiée il y a { $days } jours
    }
offers-expires-days = { $days ->
        [0] Se termine aujourd'hui
        [one] Se termine demain
       *[other] Se termine dans { $days } jours
    }
offers-back-to-list = Retour aux offres
offers-detail-not-found-title = Offre indisponible
offers-detail-not-found-body = Cette offre est close ou a été retirée, ou n'est pas encore sur cet appareil. Adressez-vous au guichet.
offers-detail-employer = Employeur
offers-detail-place = Lieu de travail
offers-detail-occupation = Métier
offers-detail-sector = Secteur
offers-detail-contract = Contrat
offers-detail-working-time = Temps de travail
offers-detail-experience = Expérience demandée
offers-detail-education = Niveau d'études demandé
offers-detail-positions = Postes
offers-detail-salary = Salaire mensuel
offers-detail-licence = Permis de conduire
offers-detail-disabled = Ouverte aux travailleurs handicapés
offers-detail-description = Description
offers-working-time-full = Temps plein
offers-working-time-part = Temps partiel
offers-working-time-shifts = Travail posté
offers-experience = { $years ->
        [0] Aucune
        [one] 1 an
       *[other] { $years } ans
    }
offers-education-none = Sans diplôme
offers-education-primary = Primaire
offers-education-middle = Moyen
offers-education-secondary = Secondaire
offers-education-baccalaureate = Baccalauréat
offers-education-vocational = Formation professionnelle (CAP, CMP, BT, BTS)
offers-education-licence = Licence
offers-education-master = Master
offers-education-doctorate = Doctorat
offers-salary-range = De { $min } à { $max } DA
offers-salary-unknown = Non précisé
offers-licence = Catégorie { $category }
offers-licence-none = Non demandé
offers-yes = Oui
offers-no = Non
offers-apply-title = Comment postuler
offers-apply-at-agency = Adressez-vous au guichet : un conseiller vous présentera à l'employeur.
offers-apply-direct = Postulez directement auprès de l'employeur :
offers-apply-desk-help = Le guichet peut aussi vous aider à postuler.
offers-reference = Référence de l'offre : { $reference }
