## L'inscription d'un demandeur d'emploi : l'assistant, ses champs, ses messages d'erreur ; la
## fenêtre d'inactivité de la borne et l'écran de configuration sont dans device.ftl. Les messages d'erreur servent aussi à la commande
## `guichet-server registration check`.

registration-title = Inscription
registration-progress = Étape { $current } sur { $total }
registration-progress-label = Progression de l'inscription
registration-step-civil_status = État civil
registration-step-identity = Pièce d'identité
registration-step-contact = Contact et adresse
registration-step-education = Formation et qualification
registration-step-experience = Expérience et souhaits
registration-step-consent = Consentement
registration-step-review = Vérification
registration-next = Suivant
registration-back = Précédent
registration-save-later = Enregistrer et finir plus tard
registration-saved-later = Votre brouillon est enregistré sur cet appareil. Vous pourrez reprendre plus tard.
registration-kept-until = Votre brouillon est gardé sur cet appareil jusqu'au { $date }.
registration-draft-expired = Votre brouillon précédent avait plus de { $days } jours : il a été supprimé.
registration-errors-summary = { $count ->
        [one] Un champ est à corriger.
       *[other] { $count } champs sont à corriger.
    }
registration-optional = facultatif
registration-choose = Choisir…
registration-yes = Oui
registration-no = Non
registration-none = Aucun
registration-loading = Chargement de votre inscription…

registration-field-last_name_latin = Nom (en lettres latines)
registration-field-first_name_latin = Prénom (en lettres latines)
registration-field-last_name_arabic = Nom (en lettres arabes)
registration-field-first_name_arabic = Prénom (en lettres arabes)
registration-field-sex = Sexe
registration-field-birth_date = Date de naissance
registration-hint-birth_date = Pour une date présumée, indiquez seulement l'année, par exemple 1980.
registration-field-birth_date_presumed = Date de naissance présumée (seule l'année est connue)
registration-field-born_abroad = Né ou née hors d'Algérie
registration-field-birth_country = Pays de naissance (code à deux lettres, par exemple FR)
registration-field-birth_wilaya = Wilaya de naissance
registration-field-birth_commune = Commune de naissance
registration-field-marital_status = Situation familiale
registration-field-dependent_children = Nombre d'enfants à charge
registration-field-national_service = Service national
registration-field-nin = Numéro d'identification national (NIN)
registration-hint-nin = 18 chiffres, inscrits sur votre carte d'identité biométrique.
registration-field-id_document_type = Type de pièce d'identité
registration-field-id_document_number = Numéro de la pièce
registration-field-id_document_issue_date = Date de délivrance
registration-field-social_security_number = Numéro de sécurité sociale
registration-field-mobile_phone = Téléphone mobile
registration-hint-mobile_phone = Par exemple 0550 12 34 56 ou +213 550 12 34 56.
registration-field-email = Adresse électronique
registration-field-residence_wilaya = Wilaya de résidence
registration-field-residence_commune = Commune de résidence
registration-field-address = Adresse
registration-field-education_level = Niveau d'instruction
registration-field-diploma_title = Diplôme
registration-field-diploma_field = Spécialité
registration-field-diploma_year = Année d'obtention
registration-field-qualification_level = Niveau de qualification
registration-field-occupation = Métier recherché
registration-field-years_of_experience = Années d'expérience dans ce métier
registration-diploma-legend = Diplôme { $number ->
        [1] 1 (le plus élevé)
       *[other] { $number }
    }
registration-diploma-add = Ajouter un autre diplôme
registration-diploma-remove = Retirer le diplôme { $number }
registration-occupation-legend = Métier recherché { $number }
registration-occupation-add = Ajouter un autre métier
registration-occupation-remove = Retirer le métier { $number }
registration-field-languages = Langues parlées
registration-field-driving_licences = Permis de conduire
registration-field-work_wilayas = Wilayas où vous acceptez de travailler
registration-field-disability = Je suis en situation de handicap
registration-field-adapted_work = Je souhaite un poste adapté
registration-field-data_processing = J'ai lu ces informations et j'accepte le traitement de mes données

registration-consent-purpose = Vos données servent à vous inscrire comme demandeur d'emploi, à vous proposer des offres et à vous accompagner.
registration-consent-retention = Elles sont conservées par l'agence pendant la durée de votre inscription.
registration-consent-rights = Vous pouvez y accéder, les faire corriger ou vous opposer à leur traitement auprès de votre agence (loi 18-07 relative à la protection des données personnelles).
registration-review-intro = Vérifiez vos réponses. Pour corriger une étape, choisissez « Modifier ».
registration-review-edit = Modifier
registration-review-occupation = { $occupation } ({ $years ->
        [one] { $years } an
       *[other] { $years } ans
    } d'expérience)
registration-review-complete = Votre inscription est complète. Présentez-vous au guichet pour la finaliser avec un conseiller.
registration-review-incomplete = Certaines réponses manquent ou sont à corriger.

registration-sex-male = Homme
registration-sex-female = Femme
registration-marital-single = Célibataire
registration-marital-married = Marié ou mariée
registration-marital-divorced = Divorcé ou divorcée
registration-marital-widowed = Veuf ou veuve
registration-service-done = Accompli
registration-service-exempt = Exempté
registration-service-deferred = Sursitaire
registration-service-not_concerned = Non concerné
registration-document-national_id_card = Carte nationale d'identité
registration-document-passport = Passeport
registration-document-driving_licence = Permis de conduire
registration-document-residence_card = Carte de résident
registration-education-none = Sans instruction
registration-education-primary = Primaire
registration-education-middle = Moyen
registration-education-secondary = Secondaire
registration-education-baccalaureate = Baccalauréat
registration-education-vocational = Formation professionnelle (CAP, CMP, BT, BTS)
registration-education-licence = Licence
registration-education-master = Master
registration-education-doctorate = Doctorat
registration-qualification-unqualified = Sans qualification
registration-qualification-qualified_worker = Ouvrier qualifié
registration-qualification-highly_qualified = Ouvrier hautement qualifié
registration-qualification-technician = Technicien
registration-qualification-senior_technician = Technicien supérieur
registration-qualification-manager = Cadre
registration-language-ar = Arabe
registration-language-kab = Kabyle
registration-language-shy = Chaoui
registration-language-mzb = Mozabite
registration-language-fr = Français
registration-language-en = Anglais
registration-language-es = Espagnol
registration-language-de = Allemand
registration-language-it = Italien
registration-language-tr = Turc

registration-error-required = Ce champ est obligatoire
registration-error-too-long = Ce texte est trop long
registration-error-latin-name-characters = Utilisez seulement des lettres latines, des espaces, des tirets et des apostrophes
registration-error-arabic-name-characters = Utilisez seulement des lettres arabes, des espaces, des tirets et des apostrophes
registration-error-nin-characters = Le NIN ne contient que des chiffres
registration-error-nin-length = Le NIN compte exactement 18 chiffres
registration-error-phone-format = Indiquez un numéro de mobile algérien : 05, 06 ou 07 suivi de 8 chiffres, ou +213 suivi de 9 chiffres
registration-error-date-format = Indiquez une date valide, au format AAAA-MM-JJ
registration-error-date-in-future = Cette date est dans le futur
registration-error-too-young = Il faut avoir au moins 16 ans pour s'inscrire
registration-error-too-old = L'inscription est ouverte jusqu'à 70 ans
registration-error-presumed-year-only = Pour une date présumée, indiquez seulement l'année
registration-error-year-only-needs-presumed = Indiquez la date complète, ou cochez « date présumée »
registration-error-country-format = Indiquez le code du pays en deux lettres, par exemple FR
registration-error-place-only-in-algeria = Ce champ ne concerne que les personnes nées en Algérie
registration-error-unknown-wilaya = Cette wilaya ne figure pas dans la liste
registration-error-unknown-commune = Cette commune ne figure pas dans la liste
registration-error-commune-not-in-wilaya = Cette commune n'appartient pas à la wilaya choisie
registration-error-national-service-men-only = Le service national ne concerne que les hommes
registration-error-email-format = Indiquez une adresse électronique valide, par exemple nom@exemple.dz
registration-error-document-number-format = Le numéro compte de 5 à 20 lettres ou chiffres
registration-error-issue-date-before-birth = La date de délivrance précède la date de naissance
registration-error-social-security-format = Le numéro de sécurité sociale compte de 8 à 15 chiffres
registration-error-year-format = Indiquez une année sur quatre chiffres
registration-error-unknown-occupation = Ce métier ne figure pas dans la liste
registration-error-unknown-language = Cette langue ne figure pas dans la liste
registration-error-duplicate = Cette valeur est déjà choisie
registration-error-too-many = Vous avez choisi trop d'éléments
registration-error-out-of-range = Cette valeur est hors des limites permises
registration-error-adapted-work-needs-disability = Un poste adapté se demande en situation de handicap
registration-error-consent-required = L'inscription n'est possible qu'avec votre accord

# `guichet-server registration check` : la dernière ligne de son rapport.
registration-check-unreadable = JSON illisible ligne { $line }, colonne { $column }{ $field }
registration-check-valid = Inscription valide
registration-check-invalid = { $count ->
        [one] Inscription non valide : une erreur
       *[other] Inscription non valide : { $count } erreurs
    }

## Les champs de lieu : une commune se cherche en tapant quelques lettres.
registration-hint-commune = Tapez les premières lettres du nom, en arabe ou en français, puis choisissez dans la liste
registration-commune-wilaya-first = Choisissez d'abord la wilaya
registration-commune-count = { $count ->
    [0] Aucune commune ne correspond
    [one] Une commune correspond
   *[other] { $count } communes correspondent
}
registration-commune-count-more = { $count } communes correspondent : tapez d'autres lettres pour réduire la liste
registration-field-birth_date_year = Année de naissance
registration-hint-birth_date_parts = Jour, mois et année, par exemple 14 3 1995
registration-date-day = Jour
registration-date-month = Mois
registration-date-year = Année
