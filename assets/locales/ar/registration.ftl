## تسجيل طالب العمل: المعالج وحقوله ورسائل الأخطاء (نافذة عدم النشاط في الكشك وشاشة إعداد الجهاز في device.ftl).

registration-title = التسجيل
registration-progress = الخطوة { $current } من { $total }
registration-progress-label = تقدّم التسجيل
registration-step-civil_status = الحالة المدنية
registration-step-identity = وثيقة الهوية
registration-step-contact = الاتصال والعنوان
registration-step-education = التكوين والتأهيل
registration-step-experience = الخبرة والرغبات
registration-step-consent = الموافقة
registration-step-review = المراجعة
registration-next = التالي
registration-back = السابق
registration-save-later = الحفظ والإكمال لاحقًا
registration-saved-later = تم حفظ مسودتك على هذا الجهاز. يمكنك العودة إليها لاحقًا.
registration-kept-until = تُحفظ مسودتك على هذا الجهاز حتى { $date }.
registration-draft-expired = مضى على مسودتك السابقة أكثر من { $days ->
        [one] يوم واحد
        [two] يومين
        [few] { $days } أيام
       *[other] { $days } يومًا
    } فتم حذفها.
registration-errors-summary = { $count ->
        [one] يجب تصحيح حقل واحد.
        [two] يجب تصحيح حقلين.
        [few] يجب تصحيح { $count } حقول.
       *[other] يجب تصحيح { $count } حقلًا.
    }
registration-optional = اختياري
registration-choose = اختر…
registration-yes = نعم
registration-no = لا
registration-none = لا شيء
registration-loading = جارٍ تحميل تسجيلك…

registration-field-last_name_latin = اللقب (بالحروف اللاتينية)
registration-field-first_name_latin = الاسم (بالحروف اللاتينية)
registration-field-last_name_arabic = اللقب (بالحروف العربية)
registration-field-first_name_arabic = الاسم (بالحروف العربية)
registration-field-sex = الجنس
registration-field-birth_date = تاريخ الميلاد
registration-hint-birth_date = إذا كان التاريخ مفترضًا فاكتب السنة فقط، مثلًا 1980.
registration-field-birth_date_presumed = تاريخ ميلاد مفترض (السنة فقط معروفة)
registration-field-born_abroad = مولود خارج الجزائر
registration-field-birth_country = بلد الميلاد (رمز من حرفين، مثلًا FR)
registration-field-birth_wilaya = ولاية الميلاد
registration-field-birth_commune = بلدية الميلاد
registration-field-marital_status = الحالة العائلية
registration-field-dependent_children = عدد الأطفال المتكفَّل بهم
registration-field-national_service = الخدمة الوطنية
registration-field-nin = رقم التعريف الوطني (NIN)
registration-hint-nin = 18 رقمًا، مكتوبة على بطاقة التعريف البيومترية.
registration-field-id_document_type = نوع وثيقة الهوية
registration-field-id_document_number = رقم الوثيقة
registration-field-id_document_issue_date = تاريخ الإصدار
registration-field-social_security_number = رقم الضمان الاجتماعي
registration-field-mobile_phone = الهاتف النقال
registration-hint-mobile_phone = مثلًا 0550 12 34 56 أو ‎+213 550 12 34 56‎.
registration-field-email = البريد الإلكتروني
registration-field-residence_wilaya = ولاية الإقامة
registration-field-residence_commune = بلدية الإقامة
registration-field-address = العنوان
registration-field-education_level = المستوى الدراسي
registration-field-diploma_title = الشهادة
registration-field-diploma_field = التخصص
registration-field-diploma_year = سنة الحصول عليها
registration-field-qualification_level = مستوى التأهيل
registration-field-occupation = المهنة المطلوبة
registration-field-years_of_experience = سنوات الخبرة في هذه المهنة
registration-diploma-legend = الشهادة { $number ->
        [1] 1 (الأعلى)
       *[other] { $number }
    }
registration-diploma-add = إضافة شهادة أخرى
registration-diploma-remove = حذف الشهادة { $number }
registration-occupation-legend = المهنة المطلوبة { $number }
registration-occupation-add = إضافة مهنة أخرى
registration-occupation-remove = حذف المهنة { $number }
registration-field-languages = اللغات المتحدَّث بها
registration-field-driving_licences = رخص السياقة
registration-field-work_wilayas = الولايات التي تقبل العمل فيها
registration-field-disability = أنا من ذوي الاحتياجات الخاصة
registration-field-adapted_work = أرغب في منصب عمل مكيَّف
registration-field-data_processing = قرأت هذه المعلومات وأوافق على معالجة معطياتي

registration-consent-purpose = تُستعمل معطياتك لتسجيلك كطالب عمل ولاقتراح عروض العمل عليك ومرافقتك.
registration-consent-retention = تحتفظ بها الوكالة طوال مدة تسجيلك.
registration-consent-rights = يمكنك الاطلاع عليها وطلب تصحيحها أو الاعتراض على معالجتها لدى وكالتك (القانون 18-07 المتعلق بحماية المعطيات ذات الطابع الشخصي).
registration-review-intro = راجع إجاباتك. لتصحيح خطوة اختر «تعديل».
registration-review-edit = تعديل
registration-review-occupation = { $occupation } (خبرة { $years ->
        [zero] أقل من سنة
        [one] سنة واحدة
        [two] سنتين
        [few] { $years } سنوات
       *[other] { $years } سنة
    })
registration-review-complete = تسجيلك مكتمل. توجّه إلى الشباك لإتمامه مع مستشار.
registration-review-incomplete = بعض الإجابات ناقصة أو تحتاج إلى تصحيح.

registration-sex-male = ذكر
registration-sex-female = أنثى
registration-marital-single = أعزب أو عزباء
registration-marital-married = متزوج أو متزوجة
registration-marital-divorced = مطلق أو مطلقة
registration-marital-widowed = أرمل أو أرملة
registration-service-done = مؤدّاة
registration-service-exempt = معفى
registration-service-deferred = مؤجَّل
registration-service-not_concerned = غير معني
registration-document-national_id_card = بطاقة التعريف الوطنية
registration-document-passport = جواز السفر
registration-document-driving_licence = رخصة السياقة
registration-document-residence_card = بطاقة الإقامة
registration-education-none = بدون مستوى
registration-education-primary = ابتدائي
registration-education-middle = متوسط
registration-education-secondary = ثانوي
registration-education-baccalaureate = بكالوريا
registration-education-vocational = تكوين مهني (CAP، CMP، BT، BTS)
registration-education-licence = ليسانس
registration-education-master = ماستر
registration-education-doctorate = دكتوراه
registration-qualification-unqualified = بدون تأهيل
registration-qualification-qualified_worker = عامل مؤهل
registration-qualification-highly_qualified = عامل عالي التأهيل
registration-qualification-technician = تقني
registration-qualification-senior_technician = تقني سامٍ
registration-qualification-manager = إطار
registration-language-ar = العربية
registration-language-kab = القبائلية
registration-language-shy = الشاوية
registration-language-mzb = الميزابية
registration-language-fr = الفرنسية
registration-language-en = الإنجليزية
registration-language-es = الإسبانية
registration-language-de = الألمانية
registration-language-it = الإيطالية
registration-language-tr = التركية

registration-error-required = هذا الحقل إلزامي
registration-error-too-long = هذا النص طويل جدًا
registration-error-latin-name-characters = استعمل الحروف اللاتينية والمسافات والشرطات والفواصل العليا فقط
registration-error-arabic-name-characters = استعمل الحروف العربية والمسافات والشرطات والفواصل العليا فقط
registration-error-nin-characters = رقم التعريف الوطني يتكون من أرقام فقط
registration-error-nin-length = رقم التعريف الوطني يتكون من 18 رقمًا بالضبط
registration-error-phone-format = اكتب رقم هاتف نقال جزائري: 05 أو 06 أو 07 متبوعًا بـ 8 أرقام، أو ‎+213‎ متبوعًا بـ 9 أرقام
registration-error-date-format = اكتب تاريخًا صحيحًا بالشكل سنة-شهر-يوم (YYYY-MM-DD)
registration-error-date-in-future = هذا التاريخ في المستقبل
registration-error-too-young = يجب أن يكون عمرك 16 سنة على الأقل للتسجيل
registration-error-too-old = التسجيل مفتوح حتى سن 70 سنة
registration-error-presumed-year-only = للتاريخ المفترض اكتب السنة فقط
registration-error-year-only-needs-presumed = اكتب التاريخ كاملًا، أو اختر «تاريخ مفترض»
registration-error-country-format = اكتب رمز البلد من حرفين، مثلًا FR
registration-error-place-only-in-algeria = هذا الحقل خاص بالمولودين في الجزائر
registration-error-unknown-wilaya = هذه الولاية غير موجودة في القائمة
registration-error-unknown-commune = هذه البلدية غير موجودة في القائمة
registration-error-commune-not-in-wilaya = هذه البلدية لا تتبع الولاية المختارة
registration-error-national-service-men-only = الخدمة الوطنية تخص الرجال فقط
registration-error-email-format = اكتب بريدًا إلكترونيًا صحيحًا، مثلًا name@example.dz
registration-error-document-number-format = الرقم يتكون من 5 إلى 20 حرفًا أو رقمًا
registration-error-issue-date-before-birth = تاريخ الإصدار يسبق تاريخ الميلاد
registration-error-social-security-format = رقم الضمان الاجتماعي يتكون من 8 إلى 15 رقمًا
registration-error-year-format = اكتب سنة من أربعة أرقام
registration-error-unknown-occupation = هذه المهنة غير موجودة في القائمة
registration-error-unknown-language = هذه اللغة غير موجودة في القائمة
registration-error-duplicate = هذه القيمة مختارة من قبل
registration-error-too-many = اخترت عناصر أكثر من اللازم
registration-error-out-of-range = هذه القيمة خارج الحدود المسموح بها
registration-error-adapted-work-needs-disability = يُطلب المنصب المكيَّف في حالة الإعاقة
registration-error-consent-required = لا يمكن التسجيل إلا بموافقتك

# `guichet-server registration check`: السطر الأخير من تقريره.
registration-check-unreadable = JSON غير مقروء في السطر { $line }، العمود { $column }{ $field }
registration-check-valid = تسجيل صالح
registration-check-invalid = { $count ->
        [one] تسجيل غير صالح: خطأ واحد
        [two] تسجيل غير صالح: خطآن
        [few] تسجيل غير صالح: { $count } أخطاء
       *[other] تسجيل غير صالح: { $count } خطأ
    }

## حقول المكان: يُبحث عن البلدية بكتابة بعض الأحرف.
registration-hint-commune = اكتب الأحرف الأولى من الاسم بالعربية أو بالفرنسية، ثم اختر من القائمة
registration-commune-wilaya-first = اختر الولاية أولاً
registration-commune-count = { $count ->
    [0] لا توجد بلدية مطابقة
    [one] بلدية واحدة مطابقة
    [two] بلديتان مطابقتان
   *[other] { $count } بلدية مطابقة
}
registration-commune-count-more = { $count } بلدية مطابقة: اكتب أحرفًا أخرى لتضييق القائمة
registration-field-birth_date_year = سنة الميلاد
registration-hint-birth_date_parts = اليوم والشهر والسنة، مثلاً 14 3 1995
registration-date-day = اليوم
registration-date-month = الشهر
registration-date-year = السنة
