## L'espace des conseillers (pages rendues par le serveur) : connexion, activation, déconnexion, accueil.

desk-app-title = guichet · Espace agents
desk-skip-to-content = Aller au contenu
desk-language-switch-label = Langue
# Chaque langue est nommée dans sa propre langue : les trois mêmes lignes dans chaque fichier.
desk-language-ar = العربية
desk-language-fr = Français
desk-language-en = English

desk-login-title = Connexion
desk-login-intro = Réservé au personnel de l'agence d'emploi.
desk-login-login-label = Identifiant
desk-login-password-label = Mot de passe
desk-login-submit = Se connecter
desk-login-failed = Identifiant ou mot de passe incorrect. Après plusieurs échecs, patientez un instant avant de réessayer ; après 10, le compte est bloqué pendant 15 minutes.
desk-throttled = Trop de tentatives depuis ce réseau. Réessayez dans { $seconds } secondes.
desk-form-expired = Ce formulaire avait expiré. Il a été renouvelé : veuillez réessayer.

desk-activate-title = Choisissez votre mot de passe
desk-activate-intro = Bonjour { $name }. Choisissez le mot de passe avec lequel vous vous connecterez en tant que { $login }.
desk-activate-password-label = Nouveau mot de passe
desk-activate-password-hint = Au moins 12 caractères. Plusieurs mots sans rapport font un bon mot de passe ; évitez les noms, les dates, les suites de touches et les mots de passe courants.
desk-activate-confirm-label = Le même mot de passe, à nouveau
desk-activate-submit = Enregistrer mon mot de passe
desk-activate-mismatch = Les deux mots de passe diffèrent.
desk-activate-invalid-title = Ce lien ne fonctionne pas
desk-activate-invalid-body = Ce lien d'activation est inconnu, déjà utilisé ou expiré (un lien sert une fois, pendant 24 heures). Demandez-en un nouveau à votre responsable.
desk-activate-done-title = Mot de passe enregistré
desk-activate-done-body = Votre compte est actif. Vous pouvez maintenant vous connecter.
desk-go-to-login = Aller à la page de connexion

desk-password-too-short = Ce mot de passe est trop court : au moins 12 caractères.
desk-password-too-long = Ce mot de passe est trop long : au plus 256 caractères.
desk-password-common = Ce mot de passe fait partie des plus utilisés : choisissez-en un autre.
desk-password-pattern = Ce mot de passe suit un motif (suite de touches, répétition ou séquence) facile à deviner.
desk-password-personal = Ce mot de passe est un nom, un mot, une date ou une année seuls, ou votre propre identifiant ou nom : il est facile à deviner.
desk-password-guessable = Ce mot de passe est facile à deviner : ajoutez quelques mots sans rapport entre eux.

desk-logout-submit = Se déconnecter
desk-logged-out-title = Déconnecté
desk-logged-out-body = Vous êtes déconnecté. Sur un ordinateur partagé, fermez la fenêtre du navigateur.

desk-home-title = Espace agents
desk-home-welcome = Bonjour { $name }
desk-home-role = Rôle
desk-home-agency = Agence
desk-role-counsellor = Conseiller
desk-role-manager = Responsable
desk-role-admin = Administrateur

desk-forbidden-title = Demande refusée
desk-forbidden-body = Ce formulaire a expiré ou a été envoyé depuis un autre site. Revenez en arrière, rechargez la page et réessayez.
desk-unavailable-title = Service indisponible
desk-unavailable-body = Le service ne peut pas répondre pour le moment. Réessayez dans un instant.

## Le guichet des conseillers (issue 9) : arrivées, recherche, dossier, actions, attestation, export, journal.

desk-nav-label = Guichet
desk-nav-arrivals = Arrivées
desk-nav-find = Rechercher
desk-nav-export = Export
desk-nav-audit = Journal d'audit
desk-nav-home = Accueil
desk-back = Retour

desk-status-pending = En attente
desk-status-confirmed = Inscrit
desk-status-rejected = Refusé
desk-status-duplicate = Doublon

desk-column-name = Nom
desk-column-reference = Référence
desk-column-received = Arrivé le
desk-column-source = Borne
desk-column-status = État
desk-source-phone = Téléphone

desk-arrivals-title = Arrivées
desk-filters-label = Période
desk-filter-today = Aujourd'hui
desk-filter-week = 7 jours
desk-filter-all = Toutes en attente
desk-arrivals-refresh = La liste se met à jour toute seule toutes les quelques secondes.
desk-arrivals-caption = Préinscriptions en attente, la plus ancienne d'abord
desk-arrivals-count = { $count ->
    [0] Aucune préinscription en attente
    [one] Une préinscription en attente
   *[other] { $count } préinscriptions en attente
}
desk-arrivals-none = Personne n'attend pour cette période.

desk-find-title = Rechercher une personne
desk-find-label = Code QR, référence, NIN, téléphone ou nom
desk-find-hint = Scannez le code QR du reçu avec le lecteur (son texte commence par GUICHET:), ou tapez la référence à 8 caractères, le NIN, le numéro de mobile ou un nom en lettres latines ou arabes.
desk-find-submit = Rechercher
desk-find-none = Aucun dossier ne correspond dans votre agence.
desk-find-caption = Dossiers trouvés
desk-scan-start = Lire le code QR avec la caméra
desk-scan-stop = Arrêter la caméra
desk-scan-video = L'image de la caméra
desk-scan-looking = Présentez le code QR du reçu devant la caméra.
desk-scan-found = Code QR lu : recherche en cours.
desk-scan-stopped = Caméra arrêtée.
desk-scan-denied = La caméra n'a pas pu être utilisée. Saisissez ou scannez le texte à la place.

desk-dossier-title = Dossier
desk-registration-number = Numéro d'inscription
desk-registration-date = Date d'inscription
desk-registration-counsellor = Conseiller
desk-duplicate-of = Doublon de
desk-attestation-link = Imprimer l'attestation d'inscription
desk-flags-title = À vérifier
desk-flag-same-nin = Même NIN dans d'autres dossiers
desk-flag-same-nin-elsewhere = { $count ->
    [one] Le même NIN figure aussi dans un dossier d'une autre agence.
   *[other] Le même NIN figure aussi dans { $count } dossiers d'autres agences.
}
desk-flag-same-phone = Même téléphone dans d'autres dossiers
desk-fields-title = Renseignements
desk-fields-corrected = Des champs ont été corrigés au guichet ; l'envoi d'origine est conservé.
desk-history-title = Historique
desk-history-none = Aucune action pour l'instant.
desk-action-confirm = Inscription confirmée
desk-action-correct = Correction
desk-action-reject = Refus
desk-action-duplicate = Marqué comme doublon

desk-actions-title = Actions
desk-confirm-hint = Confirmez après avoir vérifié la pièce d'identité : la préinscription devient une inscription avec un numéro de l'agence.
desk-confirm-submit = Confirmer l'inscription
desk-correct-field-label = Champ à corriger
desk-correct-value-label = Nouvelle valeur
desk-correct-submit = Corriger
desk-reject-reason-label = Motif du refus
desk-reject-submit = Refuser
desk-duplicate-label = Doublon de (identifiant du dossier)
desk-duplicate-hint = L'identifiant du dossier à garder, tel qu'il figure dans son adresse ou son code QR.
desk-duplicate-submit = Marquer comme doublon

desk-not-found-title = Introuvable
desk-not-found-body = Ce dossier n'existe pas ou ne relève pas de votre agence.
desk-changed-title = Modifié entre-temps
desk-changed-body = Quelqu'un a agi sur ce dossier depuis que vous l'avez ouvert. Rien n'a été changé : rouvrez le dossier, vérifiez, puis recommencez.
desk-not-pending-title = Dossier déjà traité
desk-not-pending-body = Ce dossier n'est plus en attente : il a déjà été confirmé, refusé ou marqué comme doublon.
desk-no-agency-title = Aucune agence
desk-no-agency-body = Aucune agence ne dessert la commune de cette préinscription : elle ne peut pas encore être confirmée.
desk-incomplete-title = À compléter
desk-incomplete-body = La demande est incomplète ou incorrecte. Rien n'a été changé.

desk-export-title = Export des inscriptions
desk-export-intro = Un fichier CSV (UTF-8) des inscriptions confirmées sur la période, pour le système central de l'agence.
desk-export-from = Du
desk-export-to = Au
desk-export-submit = Télécharger le fichier CSV
desk-export-invalid = Indiquez deux dates valides, la première au plus tard à la seconde.

desk-audit-title = Journal d'audit
desk-audit-intro = Chaque ouverture de dossier, recherche ayant trouvé quelqu'un, action et export, du plus récent au plus ancien.
desk-audit-caption = Dernières entrées
desk-audit-when = Quand
desk-audit-who = Qui
desk-audit-what = Quoi
desk-audit-record = Dossier
desk-audit-address = Adresse
desk-audit-action-open-dossier = Ouverture du dossier
desk-audit-action-search = Recherche
desk-audit-action-confirm = Confirmation
desk-audit-action-correct = Correction
desk-audit-action-reject = Refus
desk-audit-action-duplicate = Doublon
desk-audit-action-export = Export
desk-audit-action-print-attestation = Attestation imprimée
desk-audit-action-create-enrolment-code = Code d'enrôlement créé
desk-audit-action-revoke-device = Borne révoquée
desk-audit-action-add-staff = Agent ajouté
desk-audit-action-disable-staff = Agent désactivé

desk-attestation-title = Attestation d'inscription
desk-attestation-print-hint = Imprimez cette page avec la commande d'impression du navigateur (Ctrl+P) : elle tient sur une page A4.
desk-attestation-heading = Attestation d'inscription
desk-attestation-intro = L'agence nationale de l'emploi atteste que la personne ci-dessous est inscrite comme demandeur d'emploi.
desk-attestation-name = Nom et prénom
desk-attestation-birth-date = Date de naissance
desk-attestation-nin = Numéro d'identification national
desk-attestation-agency = Agence

desk-nav-kiosks = Bornes
desk-nav-staff = Agents
desk-kiosks-title = Bornes de l'agence
desk-kiosks-code-hint = Un code sert une fois, pendant 15 minutes : saisissez-le sur l'écran de configuration de la borne.
desk-kiosks-code-submit = Créer un code d'enrôlement
desk-kiosks-code-title = Code d'enrôlement
desk-kiosks-code-expires = Valable jusqu'à
desk-kiosks-caption = Bornes enrôlées
desk-kiosks-name = Nom
desk-kiosks-enrolled = Enrôlée le
desk-kiosks-last-contact = Dernier contact
desk-kiosks-revoked = Révoquée
desk-kiosks-revoke = Révoquer
desk-staff-title = Agents de l'agence
desk-staff-caption = Comptes
desk-staff-name = Nom complet
desk-staff-login = Identifiant
desk-staff-disabled = Désactivé
desk-staff-not-activated = Pas encore activé.
desk-staff-disable = Désactiver
desk-staff-add-title = Ajouter un agent
desk-staff-add-submit = Ajouter
desk-staff-link-title = Lien d'activation
desk-staff-link-hint = Remettez ce lien à la personne seule : il sert une fois, pendant 24 heures, et ne sera plus affiché.

desk-occupation-years = { $years ->
    [0] sans expérience
    [one] 1 an d'expérience
   *[other] { $years } ans d'expérience
}
desk-audit-pages = Pages du journal
desk-audit-newest = Entrées les plus récentes
desk-audit-older = Entrées plus anciennes
desk-agency-label = Agence
desk-agency-all = Toutes les agences
desk-agency-show = Afficher
