## شاشة إعداد الجهاز (`/setup`): تسجيل الجهاز لدى وكالة، وما هو الجهاز الآن.

setup-title = إعداد الجهاز
setup-intro = خاص بموظفي الوكالة.
setup-status-personal = هذا الجهاز شخصي. سجّله برمز من وكالتك ليصبح كشكًا.
setup-status-not-enrolled = يعمل هذا الجهاز ككشك لكنه غير مسجّل لدى أي وكالة: سجّله برمز من وكالتك.
setup-status-enrolled = هذا الجهاز هو الكشك «{ $device }» التابع لـ{ $agency }.
setup-status-delays = تحدده الوكالة: مدة الخمول قبل التنبيه (بالثواني): { $idle }؛ العد التنازلي قبل المحو (بالثواني): { $countdown }.
setup-refused = لم تعد الوكالة تقبل هذا الكشك. سجّله من جديد برمز جديد: التسجيلات المنتظرة محفوظة وستُرسل حينها.
setup-enrol-title = تسجيل هذا الجهاز
setup-enrol-again-title = إعادة تسجيل هذا الجهاز
setup-code-label = رمز التسجيل
setup-code-hint = 8 حروف وأرقام يقدّمها مسؤول في وكالتك؛ صالح 15 دقيقة ولمرة واحدة.
setup-code-invalid = يتكون رمز التسجيل من 8 حروف وأرقام، مثلًا 7K3M-9QXD
setup-name-label = اسم الجهاز
setup-name-hint = الاسم الذي سيراه به الموظفون في قائمة أكشاك الوكالة، مثلًا «الاستقبال 1».
setup-name-invalid = أعط الجهاز اسمًا لا يتجاوز 80 حرفًا
setup-enrol = تسجيل
setup-enrol-again = إعادة التسجيل
setup-enrolling = جارٍ التسجيل…
setup-enrolled = أصبح هذا الجهاز كشكًا تابعًا لـ{ $agency }.
setup-error-code-refused = رفضت الوكالة هذا الرمز: إنه خاطئ أو مستعمل أو منتهي الصلاحية. اطلب رمزًا جديدًا.
setup-error-throttled = محاولات كثيرة. انتظر بضع دقائق ثم أعد المحاولة.
setup-error-network = تعذّر الاتصال بالوكالة. تحقق من الاتصال ثم أعد المحاولة.
setup-error-server = تعذّر على الوكالة تسجيل هذا الجهاز الآن. أعد المحاولة بعد قليل.
setup-draft-days-label = مدة حفظ المسودات على هذا الجهاز (بالأيام)
setup-save = حفظ
setup-saved = تم حفظ الإعداد
setup-value-invalid = هذه القيمة غير صالحة

# في الترويسة، في كل شاشة، عندما ترفض الوكالة معرّف الكشك.
kiosk-enrol-again = كشك يجب إعادة تسجيله

## The welcome screen of a kiosk with no credential (started at /kiosk, or its enrolment lost).
kiosk-not-enrolled = هذا الكشك غير مسجّل لدى أي وكالة: لا يمكن إيصال ما يرسله الزوار.
kiosk-enrol-link = للموظفين: سجّلوا هذا الكشك

# نافذة عدم النشاط في الكشك ومسح الزائر: في كل شاشة.
kiosk-idle-title = هل ما زلت هنا؟
kiosk-idle-body = لحماية معطياتك، سيُمحى كل ما كتبته بعد { $seconds ->
        [one] ثانية واحدة.
        [two] ثانيتين.
        [few] { $seconds } ثوانٍ.
       *[other] { $seconds } ثانية.
    }
kiosk-still-here = ما زلت هنا
kiosk-finish = إنهاء ومحو كل شيء
kiosk-finish-hint = محو إجاباتي من هذا الكشك
setup-loading = جارٍ التحميل…
