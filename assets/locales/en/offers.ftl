## Job offers: the list, its filters, the sync status and the offer page.

offers-title = Job offers
offers-search-label = Search the offers
offers-search-placeholder = Job, employer, town…
offers-filter-wilaya = Wilaya
offers-filter-any-wilaya = All wilayas
offers-filter-group = Occupation
offers-filter-any-group = All occupations
offers-filter-contract = Contract
offers-filter-any-contract = All contracts
offers-filter-published = Published
offers-filter-any-time = Any time
offers-filter-days = { $days ->
        [one] In the last day
       *[other] In the last { $days } days
    }
offers-count = { $count ->
        [0] no offers
        [one] 1 offer
       *[other] { $count } offers
    }
offers-results = { $count ->
        [one] 1 offer
       *[other] { $count } offers
    }
offers-updated = Updated { $minutes ->
        [0] less than a minute ago
        [one] 1 minute ago
       *[other] { $minutes } minutes ago
    }
offers-never-updated = Not downloaded yet
offers-syncing = Updating…
offers-first-sync-progress = Offers received: { $received } of { $total }…
offers-first-sync-received = Offers received: { $received }…
offers-sync-failed = Could not update: these are the offers already on this device
offers-loading = Loading the offers…
offers-storage-unavailable = This device cannot keep offers. Please ask at the desk.
offers-empty-title = No offers on this device yet
offers-empty-body = They download as soon as the agency can be reached. Meanwhile, ask at the desk.
offers-no-match-title = No offer matches your search
offers-no-match-body = Try fewer words or remove a filter. The desk can also help you.
offers-clear-filters = Clear the search and filters
offers-show-more = Show more offers
offers-published-days = { $days ->
        [0] Published today
        [one] Published yesterday
       *[other] Published { $days } days ago
    }
offers-expires-days = { $days ->
        [0] Closes today
        [one] Closes tomorrow
       *[other] Closes in { $days } days
    }
offers-back-to-list = Back to the offers
offers-detail-not-found-title = Offer not available
offers-detail-not-found-body = This offer has closed or was withdrawn, or is not on this device yet. Please ask at the desk.
offers-detail-employer = Employer
offers-detail-place = Place of work
offers-detail-occupation = Occupation
offers-detail-sector = Sector
offers-detail-contract = Contract
offers-detail-working-time = Working time
offers-detail-experience = Experience required
offers-detail-education = Education required
offers-detail-positions = Positions
offers-detail-salary = Monthly salary
offers-detail-licence = Driving licence
offers-detail-disabled = Open to disabled workers
offers-detail-description = Description
offers-working-time-full = Full time
offers-working-time-part = Part time
offers-working-time-shifts = Shift work
offers-experience = { $years ->
        [0] None
        [one] 1 year
       *[other] { $years } years
    }
offers-education-none = No diploma required
offers-education-primary = Primary school
offers-education-middle = Middle school
offers-education-secondary = Secondary school
offers-education-baccalaureate = Baccalaureate
offers-education-vocational = Vocational diploma (CAP, CMP, BT, BTS)
offers-education-licence = Licence (bachelor's degree)
offers-education-master = Master's degree
offers-education-doctorate = Doctorate
offers-salary-range = { $min } to { $max } DZD
offers-salary-unknown = Not stated
offers-licence = Category { $category }
offers-licence-none = Not required
offers-yes = Yes
offers-no = No
offers-apply-title = How to apply
offers-apply-at-agency = Ask at the desk: a counsellor will put you forward to the employer.
offers-apply-direct = Apply directly to the employer:
offers-apply-desk-help = The desk can also help you apply.
offers-reference = Offer reference: { $reference }
