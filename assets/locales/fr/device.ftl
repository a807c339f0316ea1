## L'écran de configuration de l'appareil (`/setup`) : l'enrôlement dans une agence, et ce qu'est
## l'appareil maintenant.

setup-title = Configuration de l'appareil
setup-intro = Réservé au personnel de l'agence.
setup-status-personal = Cet appareil est personnel. Enrôlez-le avec un code de votre agence pour en faire une borne.
setup-status-not-enrolled = Cet appareil fonctionne en borne mais n'est enrôlé dans aucune agence : enrôlez-le avec un code de votre agence.
setup-status-enrolled = Cet appareil est la borne « { $device } » de { $agency }.
setup-status-delays = Fixé par l'agence : l'avertissement apparaît après { $idle } secondes sans activité, puis compte à rebours de { $countdown } secondes.
setup-refused = L'agence n'accepte plus cette borne. Enrôlez-la de nouveau avec un nouveau code : les inscriptions en attente sont conservées et partiront alors.
setup-enrol-title = Enrôler cet appareil
setup-enrol-again-title = Enrôler de nouveau cet appareil
setup-code-label = Code d'enrôlement
setup-code-hint = 8 lettres et chiffres, donnés par un responsable de votre agence ; valable 15 minutes, une seule fois.
setup-code-invalid = Un code d'enrôlement compte 8 lettres et chiffres, par exemple 7K3M-9QXD
setup-name-label = Nom de l'appareil
setup-name-hint = Le nom sous lequel le personnel le verra dans la liste des bornes de l'agence, par exemple « Accueil 1 ».
setup-name-invalid = Donnez à l'appareil un nom de 80 caractères au plus
setup-enrol = Enrôler
setup-enrol-again = Enrôler de nouveau
setup-enrolling = Enrôlement en cours…
setup-enrolled = Cet appareil est désormais une borne de { $agency }.
setup-error-code-refused = L'agence a refusé ce code : il est erroné, déjà utilisé ou expiré. Demandez-en un nouveau.
setup-error-throttled = Trop de tentatives. Attendez quelques minutes, puis réessayez.
setup-error-network = L'agence est injoignable. Vérifiez la connexion, puis réessayez.
setup-error-server = L'agence n'a pas pu enrôler cet appareil pour le moment. Réessayez dans un instant.
setup-draft-days-label = Conservation des brouillons sur cet appareil (jours)
setup-save = Enregistrer
setup-saved = Configuration enregistrée
setup-value-invalid = Cette valeur n'est pas valide

# Dans l'en-tête, sur chaque écran, quand l'agence a refusé l'identifiant de la borne.
kiosk-enrol-again = Borne à enrôler de nouveau

## The welcome screen of a kiosk with no credential (started at /kiosk, or its enrolment lost).
kiosk-not-enrolled = Cette borne n’est inscrite auprès d’aucune agence : ce que les visiteurs envoient ne peut pas être transmis.
kiosk-enrol-link = Personnel : inscrire cette borne

# La fenêtre d’inactivité de la borne et l’effacement du visiteur : sur chaque écran.
kiosk-idle-title = Êtes-vous toujours là ?
kiosk-idle-body = Pour protéger vos données, tout ce que vous avez saisi sera effacé dans { $seconds ->
        [one] { $seconds } seconde.
       *[other] { $seconds } secondes.
    }
kiosk-still-here = Je suis toujours là
kiosk-finish = Terminer et tout effacer
kiosk-finish-hint = Effacer mes réponses de cette borne
setup-loading = Chargement…
