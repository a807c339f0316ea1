## A job seeker's registration: the wizard, its fields and its error messages (the kiosk's idle
## window and the device setup screen are in device.ftl).

registration-title = Registration
registration-progress = Step { $current } of { $total }
registration-progress-label = Registration progress
registration-step-civil_status = Civil status
registration-step-identity = Identity document
registration-step-contact = Contact and address
registration-step-education = Education and qualification
registration-step-experience = Experience and wishes
registration-step-consent = Consent
registration-step-review = Review
registration-next = Next
registration-back = Back
registration-save-later = Save and finish later
registration-saved-later = Your draft is saved on this device. You can come back to it later.
registration-kept-until = Your draft is kept on this device until { $date }.
registration-draft-expired = Your previous draft was more than { $days ->
        [one] one day
       *[other] { $days } days
    } old and has been deleted.
registration-errors-summary = { $count ->
        [one] One field needs correcting.
       *[other] { $count } fields need correcting.
    }
registration-optional = optional
registration-choose = Choose…
registration-yes = Yes
registration-no = No
registration-none = None
registration-loading = Loading your registration…

registration-field-last_name_latin = Last name (in Latin letters)
registration-field-first_name_latin = First name (in Latin letters)
registration-field-last_name_arabic = Last name (in Arabic letters)
registration-field-first_name_arabic = First name (in Arabic letters)
registration-field-sex = Sex
registration-field-birth_date = Date of birth
registration-hint-birth_date = For a presumed date, give the year only, for example 1980.
registration-field-birth_date_presumed = Presumed date of birth (only the year is known)
registration-field-born_abroad = Born outside Algeria
registration-field-birth_country = Country of birth (two-letter code, for example FR)
registration-field-birth_wilaya = Wilaya of birth
registration-field-birth_commune = Commune of birth
registration-field-marital_status = Marital status
registration-field-dependent_children = Number of dependent children
registration-field-national_service = National service
registration-field-nin = National identification number (NIN)
registration-hint-nin = 18 digits, printed on your biometric identity card.
registration-field-id_document_type = Type of identity document
registration-field-id_document_number = Document number
registration-field-id_document_issue_date = Date of issue
registration-field-social_security_number = Social security number
registration-field-mobile_phone = Mobile phone
registration-hint-mobile_phone = For example 0550 12 34 56 or +213 550 12 34 56.
registration-field-email = E-mail address
registration-field-residence_wilaya = Wilaya of residence
registration-field-residence_commune = Commune of residence
registration-field-address = Address
registration-field-education_level = Level of education
registration-field-diploma_title = Diploma
registration-field-diploma_field = Field
registration-field-diploma_year = Year obtained
registration-field-qualification_level = Qualification level
registration-field-occupation = Occupation sought
registration-field-years_of_experience = Years of experience in this occupation
registration-diploma-legend = Diploma { $number ->
        [1] 1 (the highest)
       *[other] { $number }
    }
registration-diploma-add = Add another diploma
registration-diploma-remove = Remove diploma { $number }
registration-occupation-legend = Occupation sought { $number }
registration-occupation-add = Add another occupation
registration-occupation-remove = Remove occupation { $number }
registration-field-languages = Languages spoken
registration-field-driving_licences = Driving licences
registration-field-work_wilayas = Wilayas where you accept to work
registration-field-disability = I have a disability
registration-field-adapted_work = I would like an adapted job
registration-field-data_processing = I have read this information and I agree to the processing of my data

registration-consent-purpose = Your data is used to register you as a job seeker, to offer you jobs and to support you.
registration-consent-retention = The agency keeps it for as long as you are registered.
registration-consent-rights = You can see it, have it corrected or object to its processing at your agency (law 18-07 on the protection of personal data).
registration-review-intro = Check your answers. To correct a step, choose "Edit".
registration-review-edit = Edit
registration-review-occupation = { $occupation } ({ $years ->
        [one] { $years } year
       *[other] { $years } years
    } of experience)
registration-review-complete = Your registration is complete. Go to the desk to finish it with a counsellor.
registration-review-incomplete = Some answers are missing or need correcting.

registration-sex-male = Man
registration-sex-female = Woman
registration-marital-single = Single
registration-marital-married = Married
registration-marital-divorced = Divorced
registration-marital-widowed = Widowed
registration-service-done = Completed
registration-service-exempt = Exempt
registration-service-deferred = Deferred
registration-service-not_concerned = Not concerned
registration-document-national_id_card = National identity card
registration-document-passport = Passport
registration-document-driving_licence = Driving licence
registration-document-residence_card = Residence card
registration-education-none = No schooling
registration-education-primary = Primary
registration-education-middle = Middle school
registration-education-secondary = Secondary
registration-education-baccalaureate = Baccalaureate
registration-education-vocational = Vocational training (CAP, CMP, BT, BTS)
registration-education-licence = Bachelor's degree (licence)
registration-education-master = Master's degree
registration-education-doctorate = Doctorate
registration-qualification-unqualified = Unqualified
registration-qualification-qualified_worker = Qualified worker
registration-qualification-highly_qualified = Highly qualified worker
registration-qualification-technician = Technician
registration-qualification-senior_technician = Senior technician
registration-qualification-manager = Manager
registration-language-ar = Arabic
registration-language-kab = Kabyle
registration-language-shy = Chaoui
registration-language-mzb = Mozabite
registration-language-fr = French
registration-language-en = English
registration-language-es = Spanish
registration-language-de = German
registration-language-it = Italian
registration-language-tr = Turkish

registration-error-required = This field is required
registration-error-too-long = This text is too long
registration-error-latin-name-characters = Use only Latin letters, spaces, hyphens and apostrophes
registration-error-arabic-name-characters = Use only Arabic letters, spaces, hyphens and apostrophes
registration-error-nin-characters = The NIN contains digits only
registration-error-nin-length = The NIN has exactly 18 digits
registration-error-phone-format = Give an Algerian mobile number: 05, 06 or 07 followed by 8 digits, or +213 followed by 9 digits
registration-error-date-format = Give a valid date, as YYYY-MM-DD
registration-error-date-in-future = This date is in the future
registration-error-too-young = You must be at least 16 to register
registration-error-too-old = Registration is open up to the age of 70
registration-error-presumed-year-only = For a presumed date, give the year only
registration-error-year-only-needs-presumed = Give the full date, or tick "presumed date"
registration-error-country-format = Give the two-letter country code, for example FR
registration-error-place-only-in-algeria = This field is only for people born in Algeria
registration-error-unknown-wilaya = This wilaya is not in the list
registration-error-unknown-commune = This commune is not in the list
registration-error-commune-not-in-wilaya = This commune is not in the chosen wilaya
registration-error-national-service-men-only = National service concerns men only
registration-error-email-format = Give a valid e-mail address, for example name@example.dz
registration-error-document-number-format = The number has 5 to 20 letters or digits
registration-error-issue-date-before-birth = The date of issue is before the date of birth
registration-error-social-security-format = The social security number has 8 to 15 digits
registration-error-year-format = Give a four-digit year
registration-error-unknown-occupation = This occupation is not in the list
registration-error-unknown-language = This language is not in the list
registration-error-duplicate = This value is already chosen
registration-error-too-many = You chose too many items
registration-error-out-of-range = This value is outside the allowed range
registration-error-adapted-work-needs-disability = An adapted job is asked for with a disability
registration-error-consent-required = Registration is only possible with your agreement

# `guichet-server registration check`: the last line of its report.
registration-check-unreadable = Unreadable JSON at line { $line }, column { $column }{ $field }
registration-check-valid = Valid registration
registration-check-invalid = { $count ->
        [one] Invalid registration: one error
       *[other] Invalid registration: { $count } errors
    }

## Place fields: a commune is found by typing a few letters.
registration-hint-commune = Type the first letters of the name, in Arabic or French, then choose from the list
registration-commune-wilaya-first = Choose the wilaya first
registration-commune-count = { $count ->
    [0] No commune matches
    [one] One commune matches
   *[other] { $count } communes match
}
registration-commune-count-more = { $count } communes match: type more letters to narrow the list
registration-field-birth_date_year = Year of birth
registration-hint-birth_date_parts = Day, month and year, for example 14 3 1995
registration-date-day = Day
registration-date-month = Month
registration-date-year = Year
