## La file d'envoi : les inscriptions en route vers l'agence, et le récépissé.

outbox-title = Inscriptions envoyées depuis cet appareil
outbox-empty = Aucune inscription n'attend sur cet appareil.
outbox-unavailable = La liste ne peut pas être lue pour le moment. Les inscriptions envoyées restent sur cet appareil.
outbox-header-pending = { $count ->
        [one] 1 inscription en attente d'envoi
       *[other] { $count } inscriptions en attente d'envoi
    }
outbox-header-last-confirmed = La dernière est arrivée à l'agence { $minutes ->
        [0] il y a moins d'une minute
        [one] il y a 1 minute
       *[other] il y a { $minutes } minutes
    }
outbox-paused = L'envoi est suspendu : l'agence n'accepte plus cette borne. Le personnel doit l'enrôler de nouveau ; les inscriptions sont conservées.
outbox-column-reference = Référence
outbox-column-state = État
outbox-column-next-attempt = Prochain essai
outbox-column-last-error = Dernier problème
outbox-state-queued = En attente d'envoi
outbox-state-sending = Envoi en cours…
outbox-state-confirmed = Arrivée à l'agence
outbox-state-rejected = Refusée : adressez-vous au guichet
outbox-next-attempt-now = Dès que possible
outbox-next-attempt-in = Dans { $seconds } s
outbox-error-network = Pas de connexion avec l'agence
outbox-error-status = L'agence a répondu par une erreur ({ $status })
outbox-error-not-authorized = L'agence a refusé cette borne : elle doit être enrôlée de nouveau
outbox-rejection-invalid = Certaines réponses ont été refusées : { $fields }
outbox-rejection-conflict = L'agence a déjà une autre version de cette inscription
outbox-rejection-status = L'agence l'a refusée ({ $status })
outbox-export = Enregistrer dans un fichier pour le guichet
outbox-retry = Réessayer
outbox-state-unreadable = Illisible
outbox-unreadable-problem = Cet appareil ne peut plus lire cette inscription ; les autres continuent d'être envoyées.

outbox-send = Envoyer mon inscription
outbox-send-failed = Votre inscription n'a pas pu être enregistrée sur cet appareil. Réessayez, ou adressez-vous au guichet.

receipt-title = Votre inscription
receipt-reference-label = Votre référence
receipt-instructions = Montrez cette référence au conseiller, au guichet.
receipt-qr-label = Code QR de votre inscription, pour le guichet
receipt-state-waiting = Enregistrée sur cet appareil. Elle partira vers l'agence dès qu'il y aura une connexion.
receipt-state-confirmed = Elle est arrivée à l'agence.
receipt-state-rejected = L'agence n'a pas pu l'accepter. Adressez-vous au guichet.
receipt-not-found = Ce récépissé n'est pas sur cet appareil.
receipt-unavailable = Ce reçu ne peut pas être lu pour le moment. L'inscription envoyée reste sur cet appareil.
receipt-see-outbox = Voir tout ce qui attend sur cet appareil
