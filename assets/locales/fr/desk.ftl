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
