## فضاء الأعوان (صفحات يعرضها الخادم): الدخول، التفعيل، الخروج، الصفحة الرئيسية.

desk-app-title = الشباك · فضاء الأعوان
desk-skip-to-content = الانتقال إلى المحتوى
desk-language-switch-label = اللغة
# كل لغة مكتوبة بلغتها: الأسطر الثلاثة نفسها في كل ملف.
desk-language-ar = العربية
desk-language-fr = Français
desk-language-en = English

desk-login-title = تسجيل الدخول
desk-login-intro = مخصص لأعوان وكالة التشغيل.
desk-login-login-label = اسم المستخدم
desk-login-password-label = كلمة المرور
desk-login-submit = الدخول
desk-login-failed = اسم المستخدم أو كلمة المرور غير صحيحة. بعد عدة محاولات فاشلة، انتظر قليلًا قبل المحاولة من جديد؛ وبعد 10 محاولات يُقفل الحساب لمدة 15 دقيقة.
desk-throttled = محاولات كثيرة من هذه الشبكة. أعد المحاولة بعد { $seconds } ثانية.
desk-form-expired = انتهت صلاحية هذا النموذج وقد تم تجديده: يرجى المحاولة من جديد.

desk-activate-title = اختر كلمة المرور
desk-activate-intro = مرحبًا { $name }. اختر كلمة المرور التي ستدخل بها باسم المستخدم { $login }.
desk-activate-password-label = كلمة المرور الجديدة
desk-activate-password-hint = 12 حرفًا على الأقل. عدة كلمات لا علاقة بينها تصنع كلمة مرور جيدة؛ تجنّب الأسماء والتواريخ وتتابع المفاتيح وكلمات المرور الشائعة.
desk-activate-confirm-label = كلمة المرور نفسها مرة أخرى
desk-activate-submit = حفظ كلمة المرور
desk-activate-mismatch = كلمتا المرور مختلفتان.
desk-activate-invalid-title = هذا الرابط لا يعمل
desk-activate-invalid-body = رابط التفعيل هذا غير معروف أو مستعمل أو منتهي الصلاحية (يعمل الرابط مرة واحدة خلال 24 ساعة). اطلب رابطًا جديدًا من مسؤولك.
desk-activate-done-title = تم حفظ كلمة المرور
desk-activate-done-body = حسابك مفعّل. يمكنك الآن تسجيل الدخول.
desk-go-to-login = الذهاب إلى صفحة الدخول

desk-password-too-short = كلمة المرور هذه قصيرة جدًا: 12 حرفًا على الأقل.
desk-password-too-long = كلمة المرور هذه طويلة جدًا: 256 حرفًا على الأكثر.
desk-password-common = كلمة المرور هذه من أكثر كلمات المرور استعمالًا: اختر غيرها.
desk-password-pattern = كلمة المرور هذه تتبع نمطًا سهل التخمين (تتابع مفاتيح أو تكرار أو تسلسل).
desk-password-personal = كلمة المرور هذه اسم أو كلمة أو تاريخ أو سنة وحدها، أو اسم المستخدم أو اسمك: من السهل تخمينها.
desk-password-guessable = كلمة المرور هذه سهلة التخمين: أضف بعض الكلمات التي لا علاقة بينها.

desk-logout-submit = تسجيل الخروج
desk-logged-out-title = تم تسجيل الخروج
desk-logged-out-body = لقد سجّلت الخروج. إذا كان الحاسوب مشتركًا، أغلق نافذة المتصفح.

desk-home-title = فضاء الأعوان
desk-home-welcome = مرحبًا { $name }
desk-home-role = الدور
desk-home-agency = الوكالة
desk-role-counsellor = مستشار
desk-role-manager = مسؤول
desk-role-admin = مدير النظام

desk-forbidden-title = تم رفض الطلب
desk-forbidden-body = انتهت صلاحية هذا النموذج أو أُرسل من موقع آخر. ارجع، وأعد تحميل الصفحة، ثم حاول من جديد.
desk-unavailable-title = الخدمة غير متاحة
desk-unavailable-body = لا تستطيع الخدمة الإجابة الآن. أعد المحاولة بعد قليل.

## شباك المستشارين (المسألة 9): الوافدون، البحث، الملف، الإجراءات، الشهادة، التصدير، سجل التدقيق.

desk-nav-label = الشباك
desk-nav-arrivals = الوافدون
desk-nav-find = بحث
desk-nav-export = تصدير
desk-nav-audit = سجل التدقيق
desk-nav-home = الرئيسية
desk-back = رجوع

desk-status-pending = في الانتظار
desk-status-confirmed = مسجَّل
desk-status-rejected = مرفوض
desk-status-duplicate = مكرَّر

desk-column-name = الاسم
desk-column-reference = المرجع
desk-column-received = وقت الوصول
desk-column-source = الجهاز
desk-column-status = الحالة
desk-source-phone = هاتف

desk-arrivals-title = الوافدون
desk-filters-label = الفترة
desk-filter-today = اليوم
desk-filter-week = 7 أيام
desk-filter-all = كل المنتظرين
desk-arrivals-refresh = تتحدّث القائمة تلقائيًا كل بضع ثوانٍ.
desk-arrivals-caption = التسجيلات المسبقة المنتظرة، الأقدم أولًا
desk-arrivals-count = { $count ->
    [0] لا يوجد تسجيل مسبق في الانتظار
    [one] تسجيل مسبق واحد في الانتظار
   *[other] { $count } تسجيلات مسبقة في الانتظار
}
desk-arrivals-none = لا أحد ينتظر في هذه الفترة.

desk-find-title = البحث عن شخص
desk-find-label = رمز QR أو المرجع أو رقم التعريف الوطني أو الهاتف أو الاسم
desk-find-hint = امسح رمز QR في الوصل بالقارئ (يبدأ نصّه بـ GUICHET:)، أو اكتب المرجع ذا 8 رموز، أو رقم التعريف الوطني، أو رقم الهاتف النقال، أو اسمًا بالحروف اللاتينية أو العربية.
desk-find-submit = بحث
desk-find-none = لا يوجد ملف مطابق في وكالتك.
desk-find-caption = الملفات التي وُجدت
desk-scan-start = قراءة رمز QR بالكاميرا
desk-scan-stop = إيقاف الكاميرا
desk-scan-video = صورة الكاميرا
desk-scan-looking = ضع رمز QR الموجود في الوصل أمام الكاميرا.
desk-scan-found = تمت قراءة رمز QR: جارٍ البحث.
desk-scan-stopped = توقفت الكاميرا.
desk-scan-denied = تعذّر استعمال الكاميرا. اكتب النص أو امسحه بالقارئ بدلًا من ذلك.

desk-dossier-title = الملف
desk-registration-number = رقم التسجيل
desk-registration-date = تاريخ التسجيل
desk-registration-counsellor = المستشار
desk-duplicate-of = مكرَّر لـ
desk-attestation-link = طباعة شهادة التسجيل
desk-flags-title = للتحقق
desk-flag-same-nin = نفس رقم التعريف الوطني في ملفات أخرى
desk-flag-same-nin-elsewhere = { $count ->
    [one] يوجد نفس رقم التعريف الوطني أيضًا في ملف لدى وكالة أخرى.
   *[other] يوجد نفس رقم التعريف الوطني أيضًا في { $count } ملفات لدى وكالات أخرى.
}
desk-flag-same-phone = نفس الهاتف في ملفات أخرى
desk-fields-title = المعلومات
desk-fields-corrected = صُحّحت بعض الحقول في الشباك؛ وما أُرسل في الأصل محفوظ.
desk-history-title = السجل
desk-history-none = لا إجراء بعد.
desk-action-confirm = تأكيد التسجيل
desk-action-correct = تصحيح
desk-action-reject = رفض
desk-action-duplicate = وُسم كمكرَّر

desk-actions-title = الإجراءات
desk-confirm-hint = أكّد بعد التحقق من وثيقة الهوية: يصبح التسجيل المسبق تسجيلًا برقم من الوكالة.
desk-confirm-submit = تأكيد التسجيل
desk-correct-field-label = الحقل المراد تصحيحه
desk-correct-value-label = القيمة الجديدة
desk-correct-submit = تصحيح
desk-reject-reason-label = سبب الرفض
desk-reject-submit = رفض
desk-duplicate-label = مكرَّر لـ (معرّف الملف)
desk-duplicate-hint = معرّف الملف الذي يُحتفظ به، كما يظهر في عنوانه أو في رمز QR الخاص به.
desk-duplicate-submit = وسم كمكرَّر

desk-not-found-title = غير موجود
desk-not-found-body = هذا الملف غير موجود أو لا يتبع وكالتك.
desk-changed-title = تغيّر في الأثناء
desk-changed-body = قام شخص آخر بإجراء على هذا الملف منذ أن فتحته. لم يتغيّر شيء: افتح الملف من جديد، تحقّق، ثم أعد المحاولة.
desk-not-pending-title = عولج من قبل
desk-not-pending-body = لم يعد هذا الملف في الانتظار: سبق تأكيده أو رفضه أو وسمه كمكرَّر.
desk-no-agency-title = لا وكالة
desk-no-agency-body = لا توجد وكالة تخدم بلدية هذا التسجيل المسبق: لا يمكن تأكيده بعد.
desk-incomplete-title = يلزم الإكمال
desk-incomplete-body = الطلب ناقص أو غير صحيح. لم يتغيّر شيء.

desk-export-title = تصدير التسجيلات
desk-export-intro = ملف CSV (UTF-8) للتسجيلات المؤكَّدة خلال الفترة، للنظام المركزي للوكالة.
desk-export-from = من
desk-export-to = إلى
desk-export-submit = تنزيل ملف CSV
desk-export-invalid = أدخل تاريخين صحيحين، الأول لا يتجاوز الثاني.

desk-audit-title = سجل التدقيق
desk-audit-intro = كل فتح لملف، وكل بحث وجد شخصًا، وكل إجراء وتصدير، الأحدث أولًا.
desk-audit-caption = آخر القيود
desk-audit-when = متى
desk-audit-who = من
desk-audit-what = ماذا
desk-audit-record = الملف
desk-audit-address = العنوان
desk-audit-action-open-dossier = فتح الملف
desk-audit-action-search = بحث
desk-audit-action-confirm = تأكيد
desk-audit-action-correct = تصحيح
desk-audit-action-reject = رفض
desk-audit-action-duplicate = مكرَّر
desk-audit-action-export = تصدير
desk-audit-action-print-attestation = طباعة الشهادة
desk-audit-action-create-enrolment-code = إنشاء رمز تسجيل جهاز
desk-audit-action-revoke-device = إلغاء جهاز
desk-audit-action-add-staff = إضافة موظف
desk-audit-action-disable-staff = تعطيل موظف

desk-attestation-title = شهادة التسجيل
desk-attestation-print-hint = اطبع هذه الصفحة بأمر الطباعة في المتصفح (Ctrl+P): تتّسع لصفحة A4 واحدة.
desk-attestation-heading = شهادة تسجيل
desk-attestation-intro = تشهد الوكالة الوطنية للتشغيل أن الشخص المذكور أدناه مسجَّل بصفته طالب عمل.
desk-attestation-name = الاسم واللقب
desk-attestation-birth-date = تاريخ الميلاد
desk-attestation-nin = رقم التعريف الوطني
desk-attestation-agency = الوكالة

desk-nav-kiosks = الأجهزة
desk-nav-staff = الموظفون
desk-kiosks-title = أجهزة الوكالة
desk-kiosks-code-hint = يصلح الرمز مرة واحدة لمدة 15 دقيقة: أدخله في شاشة إعداد الجهاز.
desk-kiosks-code-submit = إنشاء رمز تسجيل جهاز
desk-kiosks-code-title = رمز تسجيل الجهاز
desk-kiosks-code-expires = صالح حتى
desk-kiosks-caption = الأجهزة المسجّلة
desk-kiosks-name = الاسم
desk-kiosks-enrolled = تاريخ التسجيل
desk-kiosks-last-contact = آخر اتصال
desk-kiosks-revoked = ملغى
desk-kiosks-revoke = إلغاء
desk-staff-title = موظفو الوكالة
desk-staff-caption = الحسابات
desk-staff-name = الاسم الكامل
desk-staff-login = اسم الدخول
desk-staff-disabled = معطَّل
desk-staff-not-activated = لم يُفعَّل بعد.
desk-staff-disable = تعطيل
desk-staff-add-title = إضافة موظف
desk-staff-add-submit = إضافة
desk-staff-link-title = رابط التفعيل
desk-staff-link-hint = سلّم هذا الرابط للشخص وحده: يصلح مرة واحدة لمدة 24 ساعة، ولن يُعرض مرة أخرى.

desk-occupation-years = { $years ->
    [0] بدون خبرة
    [one] سنة خبرة واحدة
    [two] سنتان من الخبرة
    [few] { $years } سنوات خبرة
   *[other] { $years } سنة خبرة
}
desk-audit-pages = صفحات السجل
desk-audit-newest = أحدث الإدخالات
desk-audit-older = إدخالات أقدم
desk-agency-label = الوكالة
desk-agency-all = كل الوكالات
desk-agency-show = عرض
